using Conference.Media.Recording;

namespace Conference.Media.Tests.Recording;

/// <summary>
/// Files written from synthetic RTP of real encoder output (ffmpeg's libvpx / libopus) are read back by ffprobe and
/// decoded by ffmpeg without an error, through loss, reordering, a timestamp and sequence wrap, a mute gap and an SSRC change.
/// </summary>
public sealed class WebmTrackRecorderTests : RecordedFiles
{
    [Fact]
    public async Task Vp8_with_loss_reordering_and_wraps_is_a_seekable_file_of_the_right_length()
    {
        string ivf = PathOf("in.ivf");
        await MediaTools.EncodeAsync("-f", "lavfi", "-i", "testsrc=size=320x240:rate=30", "-t", "4", "-c:v", "libvpx",
            "-g", "30", "-b:v", "400k", "-f", "ivf", ivf);
        var frames = EncodedMedia.ReadIvf(ivf);
        Assert.Equal(120, frames.Count);

        // Timestamps wrap after 1 s, sequence numbers within the first frames.
        var rtp = new SyntheticRtp(96, 0x1234, 65530, uint.MaxValue - 90000 + 1);
        var sends = new List<RtpSend>();
        for (int i = 0; i < frames.Count; i++)
        {
            var packets = rtp.Vp8Frame(frames[i], arrivalMs: 1000 + i * 33);
            if (i == 45) packets.RemoveAt(0); // loss inside an inter frame: dropped until the keyframe at 60
            sends.AddRange(packets);
            rtp.Timestamp += 3000;
        }
        for (int i = 10; i + 1 < sends.Count; i += 17) (sends[i], sends[i + 1]) = (sends[i + 1], sends[i]); // reordering

        var recorder = await RecordAsync("vp8.webm", new RecordingTrackFormat(RecordingCodec.Vp8, 90000), sends);
        string file = PathOf("vp8.webm");

        Assert.Equal(1, recorder.PacketsLost);
        Assert.Equal(0, recorder.PacketsLate);
        Assert.Equal(14, recorder.FramesDropped); // 45 never began (its first packet lost); 46..59 wait for the keyframe at 60
        Assert.False(recorder.WantsKeyframe);
        var probe = await MediaTools.ProbeAsync(file);
        Assert.Contains("webm", probe.FormatName);
        var stream = Assert.Single(probe.Streams);
        Assert.Equal(("video", "vp8", 320, 240), (stream.Type, stream.Codec, stream.Width, stream.Height));
        Assert.InRange(probe.Duration, 3.5, 4.5);
        Assert.Equal("", await MediaTools.DecodeErrorsAsync(file));
        Assert.Equal("", await MediaTools.DecodeErrorsAsync(file, seekSeconds: 2.5));
        Assert.Equal(4, CountCuePoints(file)); // one per keyframe cluster: 0, 1, 2, 3 s
    }

    [Fact]
    public async Task Vp8_source_change_continues_the_file_from_the_next_keyframe()
    {
        string ivf = PathOf("in.ivf");
        await MediaTools.EncodeAsync("-f", "lavfi", "-i", "testsrc=size=176x144:rate=30", "-t", "3", "-c:v", "libvpx",
            "-g", "30", "-b:v", "200k", "-f", "ivf", ivf);
        var frames = EncodedMedia.ReadIvf(ivf);
        var rtp = new SyntheticRtp(96, 0x1111, 100, 5000);
        var sends = new List<RtpSend>();
        for (int i = 0; i < frames.Count; i++)
        {
            if (i == 30) (rtp.Ssrc, rtp.Sequence, rtp.Timestamp) = (0x2222, 40000, 777_000_000); // publisher restarted
            sends.AddRange(rtp.Vp8Frame(frames[i], arrivalMs: i * 33));
            rtp.Timestamp += 3000;
        }
        var recorder = await RecordAsync("restart.webm", new RecordingTrackFormat(RecordingCodec.Vp8, 90000), sends);
        string file = PathOf("restart.webm");

        Assert.Equal(1, recorder.SourceChanges);
        var probe = await MediaTools.ProbeAsync(file);
        Assert.InRange(probe.Duration, 2.5, 3.5);
        Assert.Equal("", await MediaTools.DecodeErrorsAsync(file));
    }

    [Fact]
    public async Task Vp9_frames_are_recorded_with_their_size()
    {
        string ivf = PathOf("in.ivf");
        await MediaTools.EncodeAsync("-f", "lavfi", "-i", "testsrc=size=256x144:rate=30", "-t", "2", "-c:v", "libvpx-vp9",
            "-g", "30", "-b:v", "200k", "-deadline", "realtime", "-cpu-used", "8", "-f", "ivf", ivf);
        var frames = EncodedMedia.ReadIvf(ivf);
        var rtp = new SyntheticRtp(98, 0x3333, 1, 0);
        var sends = new List<RtpSend>();
        for (int i = 0; i < frames.Count; i++)
        {
            sends.AddRange(rtp.Vp9Frame(frames[i], keyframe: i % 30 == 0, arrivalMs: i * 33));
            rtp.Timestamp += 3000;
        }
        await RecordAsync("vp9.webm", new RecordingTrackFormat(RecordingCodec.Vp9, 90000), sends);
        string file = PathOf("vp9.webm");

        var probe = await MediaTools.ProbeAsync(file);
        var stream = Assert.Single(probe.Streams);
        Assert.Equal(("vp9", 256, 144), (stream.Codec, stream.Width, stream.Height));
        Assert.InRange(probe.Duration, 1.5, 2.5);
        Assert.Equal("", await MediaTools.DecodeErrorsAsync(file));
    }

    [Fact]
    public async Task Opus_with_a_mute_gap_and_loss_keeps_real_time()
    {
        string ogg = PathOf("in.ogg");
        await MediaTools.EncodeAsync("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "6", "-ac", "2",
            "-c:a", "libopus", "-frame_duration", "20", "-b:a", "48k", "-f", "ogg", ogg);
        var packets = EncodedMedia.ReadOggOpus(ogg);
        Assert.InRange(packets.Count, 299, 301);

        var rtp = new SyntheticRtp(111, 0x4444, 65000, uint.MaxValue - 48000 * 2); // wraps at 2 s
        var sends = new List<RtpSend>();
        for (int i = 0; i < packets.Count; i++)
        {
            bool muted = i is >= 100 and < 200; // 2 s of nothing sent: the clock runs on (timestamps and arrival)
            bool lost = !muted && i % 50 == 7;
            if (!muted && !lost) sends.Add(rtp.Opus(packets[i], arrivalMs: i * 20));
            else if (lost) rtp.Sequence++;
            rtp.Timestamp += 960;
        }
        for (int i = 3; i + 1 < sends.Count; i += 11) (sends[i], sends[i + 1]) = (sends[i + 1], sends[i]);

        var recorder = await RecordAsync("opus.webm", new RecordingTrackFormat(RecordingCodec.Opus, 48000), sends);
        string file = PathOf("opus.webm");

        Assert.Equal(4, recorder.PacketsLost); // i = 7, 57, 207, 257 (107 and 157 fell in the gap)
        var probe = await MediaTools.ProbeAsync(file);
        var stream = Assert.Single(probe.Streams);
        Assert.Equal(("audio", "opus"), (stream.Type, stream.Codec));
        Assert.InRange(probe.Duration, 5.5, 6.5);
        Assert.Equal("", await MediaTools.DecodeErrorsAsync(file));
    }

    [Fact]
    public void A_file_cut_after_any_cluster_is_a_valid_prefix_and_the_header_alone_is_rewritten()
    {
        using var output = new MemoryStream();
        var muxer = new WebmMuxer(output, new RecordingTrackFormat(RecordingCodec.Opus, 48000));
        var boundaries = new List<long>();
        var durations = new List<long>();
        muxer.ClusterWritten += (length, durationMs) => { boundaries.Add(length); durations.Add(durationMs); };
        byte[] before = [];
        for (int i = 0; i < 600; i++) muxer.WriteFrame(i * 20, [0xFC, 0xFF, 0xFE], keyframe: true);
        before = output.ToArray();
        muxer.Finish();
        var after = output.ToArray();

        Assert.Equal(3, boundaries.Count); // 12 s of audio in 5 s clusters: two closed while writing, the last by Finish
        Assert.Equal(before.Length, boundaries[1]);
        Assert.Equal([5000, 10000, 12000], durations); // each prefix lasts up to the end of its last frame
        // Finish only appended (last cluster, cues) and patched bytes inside the header.
        int firstDifference = before.AsSpan().CommonPrefixLength(after);
        Assert.True(firstDifference < muxer.HeaderLength);
        Assert.True(before.AsSpan((int)muxer.HeaderLength).SequenceEqual(after.AsSpan((int)muxer.HeaderLength, before.Length - (int)muxer.HeaderLength)));
        Assert.Equal(12000, muxer.DurationMs);
    }

    private static int CountCuePoints(string file)
    {
        var bytes = File.ReadAllBytes(file);
        int cues = bytes.AsSpan().LastIndexOf(new byte[] { 0x1C, 0x53, 0xBB, 0x6B });
        Assert.True(cues > 0, "no Cues element");
        int count = 0;
        for (int i = cues; i < bytes.Length - 1; i++) if (bytes[i] == 0xBB && bytes[i + 1] == 0x10) count++; // CuePoint with a 4-octet size
        return count;
    }
}

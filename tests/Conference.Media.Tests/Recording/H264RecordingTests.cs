using Conference.Media.Recording;

namespace Conference.Media.Tests.Recording;

/// <summary>
/// H.264 (RFC 6184) recorded into Matroska from synthetic RTP of real encoder output (Debian ffmpeg's libx264,
/// packetised as a browser does: SPS/PPS in a STAP-A, single NAL units, FU-A fragments): ffprobe reads an h264
/// stream of the encoded size that starts at a keyframe, and ffmpeg decodes it without an error.
/// </summary>
public sealed class H264RecordingTests : RecordedFiles
{
    private static readonly RecordingTrackFormat H264 = new(RecordingCodec.H264, 90000);

    [Fact]
    public async Task Baseline_joined_mid_stream_with_loss_reordering_and_a_wrap_starts_at_the_keyframe_and_decodes()
    {
        var units = await EncodeAsync("320x240", 4, "-profile:v", "baseline");
        Assert.Equal(120, units.Count);

        // Joined at frame 10 (mid-GOP): nothing is written before the IDR at 30. Timestamps wrap at 2 s.
        var rtp = new SyntheticRtp(102, 0x5151, 65500, uint.MaxValue - 90000 * 2 + 1);
        var sends = new List<RtpSend>();
        var kinds = new HashSet<int>();
        for (int i = 0; i < units.Count; i++)
        {
            var packets = rtp.H264AccessUnit(units[i], arrivalMs: 1000 + i * 33);
            foreach (var packet in packets) kinds.Add(packet.Packet[12] & 0x1F);
            if (i == 75) packets.RemoveAt(0); // loss in an inter frame: nothing until the IDR at 90
            if (i >= 10) sends.AddRange(packets);
            rtp.Timestamp += 3000;
        }
        Assert.Contains(24, kinds); // STAP-A
        Assert.Contains(28, kinds); // FU-A
        Assert.Contains(1, kinds); // a non-IDR slice alone
        for (int i = 10; i + 1 < sends.Count; i += 13) (sends[i], sends[i + 1]) = (sends[i + 1], sends[i]);

        var recorder = await RecordAsync("baseline.mkv", H264, sends);
        string file = PathOf("baseline.mkv");

        Assert.Equal(1, recorder.PacketsLost);
        Assert.Equal((320, 240), (recorder.Width, recorder.Height));
        Assert.Equal(20 + 15, recorder.FramesDropped); // 10..29 before the first IDR; the rest of 75, and 76..89 after it
        var probe = await MediaTools.ProbeAsync(file);
        Assert.Contains("matroska", probe.FormatName);
        var stream = Assert.Single(probe.Streams);
        Assert.Equal(("video", "h264", 320, 240), (stream.Type, stream.Codec, stream.Width, stream.Height));
        Assert.InRange(probe.Duration, 2.5, 3.5); // frames 30..119
        Assert.True(await MediaTools.StartsWithKeyframeAsync(file), "the file does not start at a keyframe");
        Assert.Equal("", await MediaTools.DecodeErrorsAsync(file));
        Assert.Equal("", await MediaTools.DecodeErrorsAsync(file, seekSeconds: 2.2));
    }

    [Fact]
    public async Task High_profile_with_a_cropped_size_and_a_source_change_keeps_its_size()
    {
        var units = await EncodeAsync("320x180", 3, "-profile:v", "high"); // 180 is 12 macroblock rows cropped by 12 lines
        var rtp = new SyntheticRtp(102, 0x6161, 1, 1234);
        var sends = new List<RtpSend>();
        for (int i = 0; i < units.Count; i++)
        {
            if (i == 45) (rtp.Ssrc, rtp.Sequence, rtp.Timestamp) = (0x7171, 30000, 4_000_000_000); // publisher restarted mid-GOP
            sends.AddRange(rtp.H264AccessUnit(units[i], arrivalMs: i * 33));
            rtp.Timestamp += 3000;
        }
        var recorder = await RecordAsync("high.mkv", H264, sends);
        string file = PathOf("high.mkv");

        Assert.Equal(1, recorder.SourceChanges);
        Assert.Equal(15, recorder.FramesDropped); // 45..59 (the new source's first frames) wait for the IDR at 60
        var probe = await MediaTools.ProbeAsync(file);
        var stream = Assert.Single(probe.Streams);
        Assert.Equal(("h264", 320, 180), (stream.Codec, stream.Width, stream.Height));
        Assert.InRange(probe.Duration, 2.5, 3.5);
        Assert.Equal("", await MediaTools.DecodeErrorsAsync(file));
    }

    [Fact]
    public void The_decoder_configuration_record_carries_the_parameter_sets_and_4_byte_lengths()
    {
        byte[] sps = [0x67, 0x42, 0xC0, 0x1E, 0xDA, 0x02, 0x80, 0xBF, 0xE5, 0x40] /* 40×23 macroblocks, 8 lines cropped */, pps = [0x68, 0xCE, 0x3C, 0x80];
        var record = H264Payload.DecoderConfiguration(sps, pps);
        Assert.Equal([1, 0x42, 0xC0, 0x1E, 0xFF, 0xE1, 0, (byte)sps.Length], record[..8]);
        Assert.Equal(sps, record[8..(8 + sps.Length)]);
        Assert.Equal([1, 0, (byte)pps.Length, .. pps], record[(8 + sps.Length)..]);
        Assert.True(H264Sps.TryReadDimensions(sps, out int width, out int height));
        Assert.Equal((640, 360), (width, height));
    }

    /// <summary>libx264 without B-frames (WebRTC has none), an IDR every 30 frames with SPS/PPS before it, two slices a frame.</summary>
    private async Task<List<List<byte[]>>> EncodeAsync(string size, int seconds, params string[] profile)
    {
        string path = PathOf($"in-{size}.h264");
        await MediaTools.EncodeAsync(["-f", "lavfi", "-i", $"testsrc=size={size}:rate=30", "-t", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-c:v", "libx264", .. profile, "-pix_fmt", "yuv420p", "-preset", "ultrafast", "-bf", "0", "-g", "30", "-keyint_min", "30", "-sc_threshold", "0",
            "-b:v", "400k", "-x264-params", "aud=1:repeat-headers=1:slices=2", "-f", "h264", path]);
        return EncodedMedia.ReadAnnexB(path);
    }
}

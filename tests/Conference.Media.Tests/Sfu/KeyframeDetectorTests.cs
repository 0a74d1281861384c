using Conference.Media.Sfu;

namespace Conference.Media.Tests.Sfu;

public sealed class KeyframeDetectorTests
{
    // VP8 (RFC 7741 §4.2): descriptor, then the payload header whose bit 0 is P (0 = key frame, §4.3).
    [Theory]
    [InlineData(new byte[] { 0x10, 0x9C }, true)]                          // S=1, PID=0, P=0
    [InlineData(new byte[] { 0x10, 0x9D }, false)]                         // P=1: interframe
    [InlineData(new byte[] { 0x00, 0x9C }, false)]                         // S=0: not the start of the frame
    [InlineData(new byte[] { 0x11, 0x9C }, false)]                         // PID=1: not the first partition
    [InlineData(new byte[] { 0x90, 0x80, 0x05, 0x9C }, true)]              // X, I, 7-bit PictureID
    [InlineData(new byte[] { 0x90, 0x80, 0x85, 0x01, 0x9C }, true)]        // X, I, 15-bit PictureID (M=1)
    [InlineData(new byte[] { 0x90, 0xE0, 0x85, 0x01, 0x07, 0x40, 0x9C }, true)] // I+L+T: PictureID(2) TL0PICIDX TID
    [InlineData(new byte[] { 0x90, 0xE0, 0x85, 0x01, 0x07, 0x40, 0x9D }, false)]
    [InlineData(new byte[] { 0x90, 0xE0, 0x85, 0x01, 0x07, 0x40 }, false)] // truncated before the payload header
    [InlineData(new byte[] { 0x90 }, false)]
    [InlineData(new byte[] { }, false)]
    public void Vp8(byte[] payload, bool keyframe) => Assert.Equal(keyframe, KeyframeDetector.IsKeyframeStart(VideoCodec.Vp8, payload));

    // VP9 (RFC 9628 §4.2): I|P|L|F|B|E|V|Z.
    [Theory]
    [InlineData(new byte[] { 0x08 }, true)]                 // B=1, P=0
    [InlineData(new byte[] { 0x48 }, false)]                // P=1
    [InlineData(new byte[] { 0x00 }, false)]                // B=0
    [InlineData(new byte[] { 0xA8, 0x85, 0x01, 0x00 }, true)]  // I (15-bit id) + L, SID 0
    [InlineData(new byte[] { 0xA8, 0x85, 0x01, 0x02 }, false)] // SID 1
    [InlineData(new byte[] { 0xA8, 0x85 }, false)]          // truncated
    public void Vp9(byte[] payload, bool keyframe) => Assert.Equal(keyframe, KeyframeDetector.IsKeyframeStart(VideoCodec.Vp9, payload));

    // H.264 (RFC 6184): single NAL, STAP-A (24), FU-A (28).
    [Theory]
    [InlineData(new byte[] { 0x65, 0x88 }, true)]             // IDR
    [InlineData(new byte[] { 0x67, 0x42 }, true)]             // SPS
    [InlineData(new byte[] { 0x41, 0x9A }, false)]            // non-IDR slice
    [InlineData(new byte[] { 0x78, 0x00, 0x02, 0x67, 0x42, 0x00, 0x02, 0x68, 0xCE, 0x00, 0x02, 0x65, 0x88 }, true)] // STAP-A SPS PPS IDR
    [InlineData(new byte[] { 0x78, 0x00, 0x02, 0x68, 0xCE, 0x00, 0x02, 0x41, 0x9A }, false)] // STAP-A PPS + P slice
    [InlineData(new byte[] { 0x78, 0x00, 0x09, 0x67 }, false)] // STAP-A size runs past the end
    [InlineData(new byte[] { 0x7C, 0x85, 0x00 }, true)]        // FU-A start of IDR
    [InlineData(new byte[] { 0x7C, 0x05, 0x00 }, false)]       // FU-A middle of IDR
    [InlineData(new byte[] { 0x7C, 0x81, 0x00 }, false)]       // FU-A start of non-IDR
    [InlineData(new byte[] { 0x7C }, false)]
    public void H264(byte[] payload, bool keyframe) => Assert.Equal(keyframe, KeyframeDetector.IsKeyframeStart(VideoCodec.H264, payload));

    [Fact]
    public void Codec_names_are_case_insensitive()
    {
        Assert.Equal(VideoCodec.Vp8, VideoCodecNames.Parse("vp8"));
        Assert.Equal(VideoCodec.H264, VideoCodecNames.Parse("H264"));
        Assert.Equal(VideoCodec.Unknown, VideoCodecNames.Parse("AV1"));
        Assert.False(KeyframeDetector.IsKeyframeStart(VideoCodec.Unknown, [0x10, 0x00]));
    }

    [Fact]
    public void Random_and_truncated_payloads_never_throw()
    {
        var random = new Random(6184);
        byte[][] seeds = [[0x90, 0xE0, 0x85, 0x01, 0x07, 0x40, 0x9C], [0xA8, 0x85, 0x01, 0x00], [0x78, 0x00, 0x02, 0x67, 0x42, 0x00, 0x02, 0x65, 0x88]];
        int keyframes = 0;
        for (int i = 0; i < 5000; i++)
        {
            byte[] data;
            if (i % 2 == 0)
            {
                data = new byte[random.Next(0, 24)];
                random.NextBytes(data);
            }
            else
            {
                var seed = seeds[random.Next(seeds.Length)];
                data = seed[..random.Next(0, seed.Length + 1)];
                if (data.Length > 0) data[random.Next(data.Length)] ^= (byte)(1 << random.Next(8));
            }
            foreach (var codec in Enum.GetValues<VideoCodec>())
            {
                if (KeyframeDetector.IsKeyframeStart(codec, data)) keyframes++;
            }
        }
        Assert.InRange(keyframes, 1, 5000 * 4 - 1); // both answers occur: the detector is not constant
    }
}

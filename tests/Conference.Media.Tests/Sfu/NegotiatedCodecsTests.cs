using Conference.Media.Sdp;
using Conference.Media.Sfu;

namespace Conference.Media.Tests.Sfu;

public sealed class NegotiatedCodecsTests
{
    private static RtpCodec Codec(int pt, string name, uint clock = 90000, string? fmtp = null, int? channels = null)
    {
        var codec = new RtpCodec(pt, name, clock, channels);
        if (fmtp is not null) codec.SetFormatParameters(fmtp);
        return codec;
    }

    [Fact]
    public void Maps_same_formats_across_different_payload_numbers_and_skips_rtx_red_and_mismatched_h264_modes()
    {
        RtpCodec[] publisher =
        [
            Codec(96, "VP8"), Codec(97, "rtx", fmtp: "apt=96"),
            Codec(102, "H264", fmtp: "packetization-mode=1;profile-level-id=42e01f"),
            Codec(104, "H264", fmtp: "packetization-mode=0"),
            Codec(63, "red", 48000, "111/111", 2),
        ];
        RtpCodec[] subscriber =
        [
            Codec(120, "vp8"), Codec(121, "rtx", fmtp: "apt=120"),
            Codec(125, "H264", fmtp: "packetization-mode=1;profile-level-id=42e01f"),
            Codec(63, "red", 48000, "111/111", 2),
        ];

        var map = NegotiatedCodecs.MapPayloadTypes(publisher, subscriber);

        Assert.True(map.TryMap(96, out byte vp8));
        Assert.Equal(120, vp8);
        Assert.True(map.TryMap(102, out byte h264));
        Assert.Equal(125, h264);
        Assert.False(map.TryMap(104, out _)); // mode 0 is not mode 1
        Assert.False(map.TryMap(97, out _));
        Assert.False(map.TryMap(63, out _));
        Assert.Equal(new HashSet<int> { 96, 102, 104 }, NegotiatedCodecs.MediaPayloadTypes(publisher));
    }

    [Fact]
    public void Rtx_parameters_follow_the_apt_of_each_rtx_format()
    {
        RtpCodec[] subscriber = [Codec(120, "VP8"), Codec(121, "rtx", fmtp: "apt=120"), Codec(125, "H264"), Codec(126, "rtx", fmtp: "apt=125")];

        var rtx = NegotiatedCodecs.Rtx(subscriber, 0xABC);

        Assert.NotNull(rtx);
        Assert.Equal(0xABCu, rtx.Ssrc);
        Assert.True(rtx.MediaToRtxPayloadType.TryMap(120, out byte a));
        Assert.True(rtx.MediaToRtxPayloadType.TryMap(125, out byte b));
        Assert.Equal((121, 126), (a, b));
        Assert.Null(NegotiatedCodecs.Rtx(subscriber, null));
        Assert.Null(NegotiatedCodecs.Rtx([Codec(120, "VP8")], 0xABC));
    }
}

using Conference.Media.Peer;
using Conference.Media.Rtp;
using Conference.Media.Sdp;

namespace Conference.Media.Tests.Peer;

/// <summary>RTP → track: signalled SSRC, then the MID extension (RFC 8843 §9.2), then an unambiguous payload type.</summary>
public sealed class PeerTrackRouterTests
{
    private static readonly PeerTrack Audio = Track("0", "audio", [0xA0], new RtpCodec(111, "opus", 48000, 2), new RtpCodec(63, "red", 48000, 2));
    private static readonly PeerTrack Video = Track("1", "video", [], new RtpCodec(96, "VP8", 90000), new RtpCodec(97, "rtx", 90000), new RtpCodec(63, "red", 90000));

    [Fact]
    public void Routes_a_signalled_ssrc()
    {
        var router = new PeerTrackRouter([Audio, Video]);
        Assert.True(router.TryRoute(PeerTestRig.RtpPacket(0xA0, 1, 96), out PeerTrack? track)); // PT says video, SSRC wins
        Assert.Same(Audio, track);
    }

    [Fact]
    public void Routes_by_mid_and_then_remembers_the_ssrc()
    {
        PeerTrack audio = Track("0", "audio", [], new RtpCodec(111, "opus", 48000, 2));
        PeerTrack video = Track("1", "video", [], new RtpCodec(96, "VP8", 90000));
        var router = new PeerTrackRouter([audio, video]);

        Assert.True(router.TryRoute(WithMid(PeerTestRig.RtpPacket(0xB0, 1, 111), "1"), out PeerTrack? track));
        Assert.Same(video, track);
        Assert.True(router.TryRoute(PeerTestRig.RtpPacket(0xB0, 2, 111), out track)); // later packets need no MID
        Assert.Same(video, track);
        Assert.Equal([0xB0u], video.RemoteSsrcs);
    }

    [Fact]
    public void Routes_by_an_unambiguous_payload_type_only()
    {
        var router = new PeerTrackRouter([Audio, Video]);
        Assert.True(router.TryRoute(PeerTestRig.RtpPacket(0xC0, 1, 97), out PeerTrack? track));
        Assert.Same(Video, track);
        Assert.False(router.TryRoute(PeerTestRig.RtpPacket(0xC1, 1, 63), out _)); // red in both sections
        Assert.False(router.TryRoute(PeerTestRig.RtpPacket(0xC2, 1, 100), out _)); // nobody's payload type
    }

    [Fact]
    public void Garbage_never_throws_and_never_routes()
    {
        var router = new PeerTrackRouter([Track("0", "audio", [], new RtpCodec(111, "opus", 48000, 2))]);
        var random = new Random(42);
        byte[] valid = WithMid(PeerTestRig.RtpPacket(0xD0, 1, 111), "0");
        for (int i = 0; i < 10_000; i++)
        {
            byte[] packet = i % 2 == 0 ? new byte[random.Next(0, 80)] : valid[..random.Next(0, valid.Length + 1)];
            if (i % 2 == 0) random.NextBytes(packet);
            else if (packet.Length > 0) packet[random.Next(packet.Length)] ^= (byte)random.Next(1, 256);
            router.TryRoute(packet, out _);
        }
        Assert.True(router.TryRoute(valid, out _));
    }

    private static PeerTrack Track(string mid, string kind, uint[] ssrcs, params RtpCodec[] codecs) =>
        new(mid, kind, 0, null, ssrcs, codecs, new Dictionary<string, byte> { [RtpExtensionUris.Mid] = 4 }, MediaDirection.SendRecv, []);

    /// <summary>Adds an RFC 8285 one-byte extension block with the MID (id 4).</summary>
    private static byte[] WithMid(byte[] rtp, string mid)
    {
        int blockLength = (1 + mid.Length + 3) / 4 * 4;
        var packet = new byte[rtp.Length + 4 + blockLength];
        rtp.AsSpan(0, 12).CopyTo(packet);
        packet[0] |= 0x10;
        packet[12] = 0xBE;
        packet[13] = 0xDE;
        packet[15] = (byte)(blockLength / 4);
        packet[16] = (byte)((4 << 4) | (mid.Length - 1));
        System.Text.Encoding.ASCII.GetBytes(mid).CopyTo(packet, 17);
        rtp.AsSpan(12).CopyTo(packet.AsSpan(16 + blockLength));
        return packet;
    }
}

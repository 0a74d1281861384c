using Conference.Media.Rtp;

namespace Conference.Media.Tests.Sfu;

internal static class TestPackets
{
    /// <summary>A VP8 keyframe start: descriptor with S=1, PID=0, then a payload header with P=0 (RFC 7741 §4.2, §4.3).</summary>
    public static readonly byte[] Vp8KeyframePayload = [0x10, 0x00, 0x9D, 0x01, 0x2A, 0x11, 0x22];

    /// <summary>A VP8 interframe start: P=1.</summary>
    public static readonly byte[] Vp8DeltaPayload = [0x10, 0x01, 0x00, 0x00, 0x00];

    public static byte[] Packet(ushort seq, uint ts, uint ssrc, byte pt = 96, byte[]? payload = null, bool marker = false, int audioLevelId = 0, byte level = 0)
    {
        payload ??= [1, 2, 3, 4, 5, 6, 7, 8];
        var buffer = new byte[1500];
        var writer = new RtpPacketWriter(buffer, pt, seq, ts, ssrc, marker);
        if (audioLevelId != 0) Assert.True(writer.TryAddExtension(audioLevelId, [(byte)(0x80 | level)]));
        Assert.True(writer.TryComplete(payload, out int length));
        return buffer[..length];
    }

    public static RtpHeader Header(ReadOnlySpan<byte> packet)
    {
        Assert.True(RtpPacket.TryParse(packet, out var header));
        return header;
    }
}

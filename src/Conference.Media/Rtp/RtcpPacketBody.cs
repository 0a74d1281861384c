namespace Conference.Media.Rtp;

/// <summary>Shared first step of every typed RTCP parser: check the header and cut the body (padding removed).</summary>
internal static class RtcpPacketBody
{
    public static bool TryGet(ReadOnlySpan<byte> packet, byte packetType, out RtcpHeader header, out ReadOnlySpan<byte> body)
    {
        body = default;
        if (!RtcpHeader.TryRead(packet, out header) || header.PacketType != packetType || header.PacketLength > packet.Length)
        {
            return false;
        }
        int bodyLength = header.PacketLength - RtcpHeader.Length;
        if (header.HasPadding)
        {
            int padding = packet[header.PacketLength - 1];
            if (padding == 0 || padding > bodyLength) return false;
            bodyLength -= padding;
        }
        body = packet.Slice(RtcpHeader.Length, bodyLength);
        return true;
    }
}

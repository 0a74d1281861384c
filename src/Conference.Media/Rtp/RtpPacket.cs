using System.Buffers.Binary;

namespace Conference.Media.Rtp;

/// <summary>Reads and rewrites RTP packets in place (RFC 3550 §5.1); nothing here allocates.</summary>
public static class RtpPacket
{
    public const int FixedHeaderLength = 12;

    /// <summary>Parses the header of an RTP packet; false for anything that is not a well-formed version-2 packet.</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out RtpHeader header)
    {
        header = default;
        if (packet.Length < FixedHeaderLength) return false;
        byte b0 = packet[0];
        if (b0 >> 6 != 2) return false;

        int offset = FixedHeaderLength + 4 * (b0 & 0x0F);
        if (offset > packet.Length) return false;

        ushort profile = 0;
        int extOffset = 0, extLength = 0;
        if ((b0 & 0x10) != 0)
        {
            // RFC 3550 §5.3.1: 16-bit profile word, 16-bit length in 32-bit words excluding this header.
            if (offset + 4 > packet.Length) return false;
            profile = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(offset));
            extLength = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(offset + 2)) * 4;
            extOffset = offset + 4;
            offset = extOffset + extLength;
            if (offset > packet.Length) return false;
        }

        int padding = 0;
        if ((b0 & 0x20) != 0)
        {
            // RFC 3550 §5.1: the last octet counts the padding, itself included, so it is never 0.
            padding = packet[^1];
            if (padding == 0 || offset + padding > packet.Length) return false;
        }

        header = new RtpHeader(
            b0, packet[1],
            BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(2)),
            BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(4)),
            BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(8)),
            profile, extOffset, extLength,
            offset, packet.Length - offset - padding, padding);
        return true;
    }

    /// <summary>True when the buffer looks like RTP rather than RTCP on a muxed port (RFC 5761 §4: RTCP types 192–223 in byte 1).</summary>
    public static bool LooksLikeRtp(ReadOnlySpan<byte> packet) =>
        packet.Length >= FixedHeaderLength && packet[0] >> 6 == 2 && packet[1] is < 192 or > 223;

    public static void SetSsrc(Span<byte> packet, uint ssrc) => BinaryPrimitives.WriteUInt32BigEndian(packet.Slice(8, 4), ssrc);

    public static void SetSequenceNumber(Span<byte> packet, ushort sequenceNumber) =>
        BinaryPrimitives.WriteUInt16BigEndian(packet.Slice(2, 2), sequenceNumber);

    public static void SetTimestamp(Span<byte> packet, uint timestamp) => BinaryPrimitives.WriteUInt32BigEndian(packet.Slice(4, 4), timestamp);

    /// <summary>Changes the payload type, keeping the marker bit.</summary>
    public static void SetPayloadType(Span<byte> packet, byte payloadType) =>
        packet[1] = (byte)((packet[1] & 0x80) | (payloadType & 0x7F));

    public static void SetMarker(Span<byte> packet, bool marker) =>
        packet[1] = (byte)(marker ? packet[1] | 0x80 : packet[1] & 0x7F);
}

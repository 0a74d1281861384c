using System.Buffers.Binary;

namespace Conference.Media.Rtp;

/// <summary>The common 4-byte RTCP header (RFC 3550 §6.4.1).</summary>
public readonly record struct RtcpHeader(bool HasPadding, int Count, byte PacketType, int LengthInWords)
{
    public const int Length = 4;

    /// <summary>Whole packet length in bytes: the length field counts 32-bit words minus one.</summary>
    public int PacketLength => (LengthInWords + 1) * 4;

    public static bool TryRead(ReadOnlySpan<byte> data, out RtcpHeader header)
    {
        header = default;
        if (data.Length < Length || data[0] >> 6 != 2) return false;
        header = new RtcpHeader((data[0] & 0x20) != 0, data[0] & 0x1F, data[1], BinaryPrimitives.ReadUInt16BigEndian(data.Slice(2)));
        return true;
    }

    /// <summary>Writes a header for a packet of <paramref name="packetLength"/> bytes (a multiple of 4).</summary>
    internal static void Write(Span<byte> destination, int count, byte packetType, int packetLength, bool padding = false)
    {
        destination[0] = (byte)(0x80 | (padding ? 0x20 : 0) | (count & 0x1F));
        destination[1] = packetType;
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(2), (ushort)(packetLength / 4 - 1));
    }
}

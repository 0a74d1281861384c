using System.Buffers.Binary;

namespace Conference.Media.Rtp;

/// <summary>A reception report block of an SR or RR (RFC 3550 §6.4.1).</summary>
public readonly record struct ReportBlock(
    uint Ssrc, byte FractionLost, int CumulativeLost, uint ExtendedHighestSequenceNumber,
    uint Jitter, uint LastSenderReport, uint DelaySinceLastSenderReport)
{
    public const int Length = 24;

    internal static ReportBlock Read(ReadOnlySpan<byte> data)
    {
        // Cumulative lost is a signed 24-bit number (duplicates can make it negative).
        int lost = data[5] << 16 | data[6] << 8 | data[7];
        if ((lost & 0x80_0000) != 0) lost |= unchecked((int)0xFF00_0000);
        return new ReportBlock(
            BinaryPrimitives.ReadUInt32BigEndian(data),
            data[4],
            lost,
            BinaryPrimitives.ReadUInt32BigEndian(data.Slice(8)),
            BinaryPrimitives.ReadUInt32BigEndian(data.Slice(12)),
            BinaryPrimitives.ReadUInt32BigEndian(data.Slice(16)),
            BinaryPrimitives.ReadUInt32BigEndian(data.Slice(20)));
    }

    internal void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, Ssrc);
        destination[4] = FractionLost;
        int lost = Math.Clamp(CumulativeLost, -0x80_0000, 0x7F_FFFF);
        destination[5] = (byte)(lost >> 16);
        destination[6] = (byte)(lost >> 8);
        destination[7] = (byte)lost;
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(8), ExtendedHighestSequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(12), Jitter);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(16), LastSenderReport);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(20), DelaySinceLastSenderReport);
    }
}

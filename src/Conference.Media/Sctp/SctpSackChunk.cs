using System.Buffers.Binary;

namespace Conference.Media.Sctp;

/// <summary>A gap ack block: TSN offsets from the cumulative TSN ack, both inclusive (RFC 9260 §3.3.4).</summary>
public readonly record struct SctpGapBlock(ushort Start, ushort End);

/// <summary>SACK (RFC 9260 §3.3.4).</summary>
public sealed record SctpSackChunk(
    uint CumulativeTsnAck,
    uint AdvertisedReceiverWindow,
    IReadOnlyList<SctpGapBlock> GapBlocks,
    IReadOnlyList<uint> DuplicateTsns) : SctpChunk
{
    public override byte Type => SctpChunkType.Sack;

    public override int ValueLength => 12 + 4 * GapBlocks.Count + 4 * DuplicateTsns.Count;

    public override void WriteValue(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, CumulativeTsnAck);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], AdvertisedReceiverWindow);
        BinaryPrimitives.WriteUInt16BigEndian(destination[8..], (ushort)GapBlocks.Count);
        BinaryPrimitives.WriteUInt16BigEndian(destination[10..], (ushort)DuplicateTsns.Count);
        int offset = 12;
        foreach (SctpGapBlock block in GapBlocks)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], block.Start);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], block.End);
            offset += 4;
        }
        foreach (uint tsn in DuplicateTsns)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], tsn);
            offset += 4;
        }
    }

    internal static bool TryRead(ReadOnlySpan<byte> value, out SctpChunk? chunk)
    {
        chunk = null;
        if (value.Length < 12) return false;
        int gaps = BinaryPrimitives.ReadUInt16BigEndian(value[8..]);
        int dups = BinaryPrimitives.ReadUInt16BigEndian(value[10..]);
        if (value.Length < 12 + 4 * (gaps + dups)) return false;
        var blocks = new SctpGapBlock[gaps];
        for (int i = 0; i < gaps; i++)
        {
            ushort start = BinaryPrimitives.ReadUInt16BigEndian(value[(12 + 4 * i)..]);
            ushort end = BinaryPrimitives.ReadUInt16BigEndian(value[(14 + 4 * i)..]);
            if (start == 0 || end < start) return false;
            blocks[i] = new SctpGapBlock(start, end);
        }
        var duplicates = new uint[dups];
        for (int i = 0; i < dups; i++) duplicates[i] = BinaryPrimitives.ReadUInt32BigEndian(value[(12 + 4 * gaps + 4 * i)..]);
        chunk = new SctpSackChunk(BinaryPrimitives.ReadUInt32BigEndian(value), BinaryPrimitives.ReadUInt32BigEndian(value[4..]),
            blocks, duplicates);
        return true;
    }
}

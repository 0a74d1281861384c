using System.Buffers.Binary;

namespace Conference.Media.Sctp;

/// <summary>An ordered stream and the last SSN skipped on it by a FORWARD TSN.</summary>
public readonly record struct SctpSkippedStream(ushort StreamId, ushort Ssn);

/// <summary>FORWARD TSN (RFC 3758 §3.2): tells the receiver to move its cumulative TSN past abandoned data.</summary>
public sealed record SctpForwardTsnChunk(uint NewCumulativeTsn, IReadOnlyList<SctpSkippedStream> Streams) : SctpChunk
{
    public override byte Type => SctpChunkType.ForwardTsn;

    public override int ValueLength => 4 + 4 * Streams.Count;

    public override void WriteValue(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, NewCumulativeTsn);
        for (int i = 0; i < Streams.Count; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[(4 + 4 * i)..], Streams[i].StreamId);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(6 + 4 * i)..], Streams[i].Ssn);
        }
    }

    internal static bool TryRead(ReadOnlySpan<byte> value, out SctpChunk? chunk)
    {
        chunk = null;
        if (value.Length < 4 || (value.Length - 4) % 4 != 0) return false;
        var streams = new SctpSkippedStream[(value.Length - 4) / 4];
        for (int i = 0; i < streams.Length; i++)
        {
            streams[i] = new SctpSkippedStream(
                BinaryPrimitives.ReadUInt16BigEndian(value[(4 + 4 * i)..]),
                BinaryPrimitives.ReadUInt16BigEndian(value[(6 + 4 * i)..]));
        }
        chunk = new SctpForwardTsnChunk(BinaryPrimitives.ReadUInt32BigEndian(value), streams);
        return true;
    }
}

using System.Buffers.Binary;

namespace Conference.Media.Sctp;

/// <summary>DATA (RFC 9260 §3.3.1): one fragment of a user message.</summary>
public sealed record SctpDataChunk(
    uint Tsn,
    ushort StreamId,
    ushort Ssn,
    uint Ppid,
    ReadOnlyMemory<byte> UserData,
    bool Unordered,
    bool Beginning,
    bool Ending,
    bool ImmediateSack = false) : SctpChunk
{
    public const int HeaderLength = 12;

    public override byte Type => SctpChunkType.Data;

    // Flags: I (bit 3, RFC 7053), U (bit 2), B (bit 1), E (bit 0).
    public override byte Flags => (byte)((ImmediateSack ? 8 : 0) | (Unordered ? 4 : 0) | (Beginning ? 2 : 0) | (Ending ? 1 : 0));

    public override int ValueLength => HeaderLength + UserData.Length;

    public override void WriteValue(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, Tsn);
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], StreamId);
        BinaryPrimitives.WriteUInt16BigEndian(destination[6..], Ssn);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], Ppid);
        UserData.Span.CopyTo(destination[HeaderLength..]);
    }

    internal static bool TryRead(byte flags, ReadOnlySpan<byte> value, out SctpChunk? chunk)
    {
        chunk = null;
        // RFC 9260 §3.3.1: a DATA chunk with no user data is a protocol violation.
        if (value.Length <= HeaderLength) return false;
        chunk = new SctpDataChunk(
            BinaryPrimitives.ReadUInt32BigEndian(value),
            BinaryPrimitives.ReadUInt16BigEndian(value[4..]),
            BinaryPrimitives.ReadUInt16BigEndian(value[6..]),
            BinaryPrimitives.ReadUInt32BigEndian(value[8..]),
            value[HeaderLength..].ToArray(),
            (flags & 4) != 0, (flags & 2) != 0, (flags & 1) != 0, (flags & 8) != 0);
        return true;
    }
}

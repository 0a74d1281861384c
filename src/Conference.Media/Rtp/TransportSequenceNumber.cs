using System.Buffers.Binary;

namespace Conference.Media.Rtp;

/// <summary>Transport-wide sequence number extension value (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2).</summary>
public static class TransportSequenceNumber
{
    public const int ValueLength = 2;

    public static bool TryRead(ReadOnlySpan<byte> value, out ushort sequenceNumber)
    {
        sequenceNumber = 0;
        if (value.Length != ValueLength) return false;
        sequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(value);
        return true;
    }

    public static void Write(Span<byte> value, ushort sequenceNumber) => BinaryPrimitives.WriteUInt16BigEndian(value, sequenceNumber);
}

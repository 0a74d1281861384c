using System.Buffers.Binary;
using System.Numerics;

namespace Conference.Media.Sctp;

/// <summary>
/// CRC32c (Castagnoli, reflected polynomial 0x82F63B78), the SCTP checksum (RFC 9260 Appendix A).
/// Eight bytes at a time through <see cref="BitOperations.Crc32C(uint, ulong)"/> (the SSE4.2 / ARMv8 CRC32C
/// instruction where the CPU has one, a table otherwise): bundled data-channel packets are full-sized.
/// </summary>
public static class Crc32c
{
    public static uint Compute(ReadOnlySpan<byte> data) => Finish(Append(Start, data));

    internal const uint Start = 0xFFFFFFFF;

    internal static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }
        foreach (byte b in data) crc = BitOperations.Crc32C(crc, b);
        return crc;
    }

    internal static uint Finish(uint crc) => ~crc;
}

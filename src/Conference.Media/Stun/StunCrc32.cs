namespace Conference.Media.Stun;

/// <summary>
/// CRC-32 (ISO-HDLC / IEEE 802.3, the one zlib uses) as FINGERPRINT needs it
/// (RFC 8489 §14.7). Hand-written because System.IO.Hashing is not referenced and the
/// check must run incrementally over a length-adjusted header without copying.
/// </summary>
internal static class StunCrc32
{
    private static readonly uint[] Table = BuildTable();

    public const uint Initial = 0xFFFFFFFF;

    public static uint Append(uint state, ReadOnlySpan<byte> data)
    {
        uint[] table = Table;
        foreach (byte b in data)
        {
            state = table[(state ^ b) & 0xFF] ^ (state >> 8);
        }

        return state;
    }

    public static uint Finish(uint state) => state ^ 0xFFFFFFFF;

    public static uint Compute(ReadOnlySpan<byte> data) => Finish(Append(Initial, data));

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            uint c = i;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            }

            table[i] = c;
        }

        return table;
    }
}

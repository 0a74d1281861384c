namespace Conference.Media.Sctp;

/// <summary>Serial number arithmetic (RFC 1982) for 32-bit TSNs and 16-bit SSNs (RFC 9260 §3.3.1).</summary>
internal static class SctpSerial
{
    public static bool Less(uint a, uint b) => (int)(a - b) < 0;
    public static bool LessOrEqual(uint a, uint b) => (int)(a - b) <= 0;
    public static bool Greater(uint a, uint b) => (int)(a - b) > 0;
    public static bool Less(ushort a, ushort b) => (short)(a - b) < 0;
    public static bool LessOrEqual(ushort a, ushort b) => (short)(a - b) <= 0;
}

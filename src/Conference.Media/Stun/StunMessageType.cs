namespace Conference.Media.Stun;

/// <summary>
/// Packs method and class into the 14-bit message type: the class bits C1/C0 sit at
/// bit 8 and bit 4, interleaved with the 12 method bits (RFC 8489 §5, Figure 3).
/// </summary>
public static class StunMessageType
{
    public static ushort Encode(StunMethod method, StunClass messageClass)
    {
        int m = (ushort)method & 0x0FFF;
        int c = (int)messageClass & 0x3;
        return (ushort)((m & 0x000F) | ((m & 0x0070) << 1) | ((m & 0x0F80) << 2) | ((c & 0x1) << 4) | ((c & 0x2) << 7));
    }

    public static StunMethod DecodeMethod(ushort type) =>
        (StunMethod)((type & 0x000F) | ((type & 0x00E0) >> 1) | ((type & 0x3E00) >> 2));

    public static StunClass DecodeClass(ushort type) =>
        (StunClass)(((type >> 4) & 0x1) | ((type >> 7) & 0x2));
}

namespace Conference.Media.Rtp;

/// <summary>
/// abs-send-time extension value: 24 bits, 6.18 fixed-point seconds (webrtc.org abs-send-time spec).
/// Wraps every 64 s, which is enough for delay-gradient estimation.
/// </summary>
public static class AbsSendTime
{
    public const int ValueLength = 3;

    public static bool TryRead(ReadOnlySpan<byte> value, out uint sendTime24)
    {
        sendTime24 = 0;
        if (value.Length != ValueLength) return false;
        sendTime24 = (uint)(value[0] << 16 | value[1] << 8 | value[2]);
        return true;
    }

    public static void Write(Span<byte> value, uint sendTime24)
    {
        value[0] = (byte)(sendTime24 >> 16);
        value[1] = (byte)(sendTime24 >> 8);
        value[2] = (byte)sendTime24;
    }

    /// <summary>Converts a 64-bit NTP timestamp (32.32) to the 6.18 value: the middle 24 bits.</summary>
    public static uint FromNtp(ulong ntpTimestamp) => (uint)(ntpTimestamp >> 14) & 0x00FF_FFFF;

    /// <summary>Converts time in microseconds to the 6.18 value.</summary>
    public static uint FromMicroseconds(long microseconds)
    {
        // Reduce to the 64 s wrap first so the shift cannot overflow for any clock value.
        long wrapped = microseconds % 64_000_000;
        if (wrapped < 0) wrapped += 64_000_000;
        return (uint)(((wrapped << 18) + 500_000) / 1_000_000) & 0x00FF_FFFF;
    }
}

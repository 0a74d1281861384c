namespace Conference.Media.Sfu;

/// <summary>64-bit NTP timestamps (RFC 5905 §6: seconds since 1900-01-01 in the high 32 bits, fraction in the low 32), as RTCP SRs carry them.</summary>
public static class NtpTime
{
    private static readonly DateTimeOffset Epoch = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static ulong FromDateTimeOffset(DateTimeOffset time)
    {
        long ticks = (time - Epoch).Ticks;
        ulong seconds = (ulong)(ticks / TimeSpan.TicksPerSecond);
        ulong fraction = (ulong)(ticks % TimeSpan.TicksPerSecond) * (1UL << 32) / TimeSpan.TicksPerSecond;
        return seconds << 32 | fraction;
    }

    public static DateTimeOffset ToDateTimeOffset(ulong ntp)
    {
        long seconds = (long)(ntp >> 32);
        long ticks = (long)(((ntp & 0xFFFF_FFFF) * TimeSpan.TicksPerSecond + (1UL << 31)) >> 32); // rounded: 100 ns is coarser than 2^-32 s
        return Epoch.AddTicks(seconds * TimeSpan.TicksPerSecond + ticks);
    }
}

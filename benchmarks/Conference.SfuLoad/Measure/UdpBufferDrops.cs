using System.Globalization;

namespace Conference.SfuLoad.Measure;

/// <summary>
/// Datagrams the kernel dropped because a UDP socket's receive buffer was full (Udp RcvbufErrors in /proc/net/snmp,
/// RFC 4113 udpInErrors' main cause). Counted per network namespace: inside the benchmark's loopback-only namespace
/// that is the SFU's and the generator's sockets and nothing else.
/// </summary>
public static class UdpBufferDrops
{
    /// <summary>The counter now, or null when /proc/net/snmp is not readable (not Linux).</summary>
    public static long? Read()
    {
        try
        {
            string[] lines = File.ReadAllLines("/proc/net/snmp");
            // Two "Udp:" lines: the field names, then the values.
            string[] udp = lines.Where(l => l.StartsWith("Udp: ", StringComparison.Ordinal)).ToArray();
            if (udp.Length < 2) return null;
            int index = Array.IndexOf(udp[0].Split(' '), "RcvbufErrors");
            string[] values = udp[1].Split(' ');
            return index > 0 && index < values.Length ? long.Parse(values[index], CultureInfo.InvariantCulture) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }
}

using System.Globalization;

namespace Conference.SfuLoad.Measure;

/// <summary>CPU time a process has used (user + system), from /proc/&lt;pid&gt;/stat (Linux only).</summary>
public static class ProcessCpu
{
    // USER_HZ: the unit of utime/stime in /proc (proc(5)); 100 on every Linux ABI .NET runs on.
    private const double TicksPerSecond = 100;

    /// <summary>Seconds of CPU, or null when the process or /proc is not there.</summary>
    public static double? Seconds(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) is in parentheses and may contain spaces: fields are counted after its ')'.
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            long utime = long.Parse(fields[11], CultureInfo.InvariantCulture); // field 14
            long stime = long.Parse(fields[12], CultureInfo.InvariantCulture); // field 15
            return (utime + stime) / TicksPerSecond;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}

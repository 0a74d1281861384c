using System.Globalization;

namespace Conference.SfuLoad.Measure;

/// <summary>Resident memory of a process (VmRSS in /proc/&lt;pid&gt;/status, Linux only).</summary>
public static class ProcessMemory
{
    /// <summary>MiB resident, or null when the process or /proc is not there.</summary>
    public static double? ResidentMiB(int pid)
    {
        try
        {
            string? line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? null : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }
}

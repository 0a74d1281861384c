using System.Runtime.InteropServices;

namespace Conference.LoadTest;

/// <summary>Where and when the numbers were taken; the load average shows whether other work shared the machine.</summary>
public sealed record MachineInfo(int Processors, string Os, string Runtime, DateTimeOffset StartedAt, string? LoadAverageBefore, string? LoadAverageAfter)
{
    public static MachineInfo Capture() => new(Environment.ProcessorCount, RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription, DateTimeOffset.UtcNow, LoadAverage(), null);

    /// <summary>The 1, 5 and 15 minute load averages from /proc/loadavg (Linux only).</summary>
    public static string? LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? string.Join(" / ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}

using System.Diagnostics;
using Conference.Grains.Media;
using Conference.Media;
using Conference.Media.Peer;

namespace Conference.Server.Media;

/// <summary>
/// Measures this SFU silo's load between two reports: forwarded tracks, egress bitrate (media sockets' bytes sent)
/// and the process's CPU, each as a share of its ceiling (<see cref="MediaOptions"/>). Owned by the report timer.
/// </summary>
public sealed class SfuLoadMeter(MediaOptions options)
{
    /// <summary>
    /// The CPU share that counts towards utilization is averaged over about this long: a burst of a second or two (a
    /// batch of sign-ins hashing passwords, a GC) must not make the silo "full" and refuse the next room.
    /// </summary>
    public static readonly TimeSpan CpuSmoothing = TimeSpan.FromSeconds(10);

    private long _lastBytesSent;
    private TimeSpan _lastCpu;
    private long _lastAt;
    private double? _smoothedCpu;

    public SfuLoad Measure(string silo, string name, SfuEngine sfu, IReadOnlyList<MediaEngine> engines)
    {
        var now = Stopwatch.GetTimestamp();
        var bytesSent = engines.Sum(e => e.Counters.BytesSent);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var elapsed = _lastAt == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(_lastAt, now);
        long egress = 0;
        double cpuPercent = 0;
        if (elapsed > TimeSpan.FromMilliseconds(100))
        {
            egress = (long)((bytesSent - _lastBytesSent) * 8 / elapsed.TotalSeconds);
            cpuPercent = 100 * (cpu - _lastCpu).TotalSeconds / (elapsed.TotalSeconds * Environment.ProcessorCount);
            _smoothedCpu = Smooth(_smoothedCpu, cpuPercent, elapsed, CpuSmoothing);
        }
        (_lastBytesSent, _lastCpu, _lastAt) = (bytesSent, cpu, now);

        var units = sfu.RoomUnits;
        var perUnit = 1.0 / Math.Max(1, options.MaxForwarded);
        var utilization = Math.Max(units * perUnit, Math.Max(egress / (options.MaxEgressMbps * 1e6), (_smoothedCpu ?? 0) / options.MaxCpuPercent));
        return new SfuLoad(silo, name, sfu.Rooms.Count, sfu.Load, egress, Math.Round(cpuPercent, 1), utilization, perUnit, sfu.Draining);
    }

    /// <summary>
    /// An exponentially weighted average with time constant <paramref name="tau"/> over samples taken
    /// <paramref name="elapsed"/> apart (uneven intervals weigh by their length); the first sample starts it.
    /// </summary>
    public static double Smooth(double? average, double sample, TimeSpan elapsed, TimeSpan tau)
    {
        if (average is not { } previous) return sample;
        double weight = 1 - Math.Exp(-elapsed.TotalSeconds / tau.TotalSeconds);
        return previous + weight * (sample - previous);
    }
}

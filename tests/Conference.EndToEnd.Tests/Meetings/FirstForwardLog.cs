using Conference.SfuLoad.Measure;

namespace Conference.EndToEnd.Tests.Meetings;

/// <summary>
/// Join → first forwarded packet as the meeting server measured it so far, for the test log (issue 14's connect-time
/// goal, p50 &lt; 300 ms; recorded in docs/benchmarks.md, never asserted): <c>conference_sfu_time_to_first_forward</c>
/// read from /metrics per side (the bucket its p50 and p95 fall in), then where that time went
/// (<c>conference_media_connect_phase</c>: ICE, DTLS flights, first packet, forwarding wait), with the machine's load
/// average at the time.
/// </summary>
internal static class FirstForwardLog
{
    public static async Task<string> DescribeAsync(ConferenceServer server)
    {
        string metrics = await server.Http.GetStringAsync("/metrics");
        IReadOnlyList<string> sides = FirstForwardQuantiles.Describe(metrics);
        IReadOnlyList<string> phases = FirstForwardQuantiles.DescribePhases(metrics);
        string load = File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
        return $"join → first forwarded packet, all joins on this server so far: {(sides.Count == 0 ? "no samples" : string.Join("; ", sides))} " +
            $"(load average {load}); phases: {(phases.Count == 0 ? "none" : string.Join("; ", phases))}";
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Conference.SfuLoad.Measure;

/// <summary>
/// Connect phases as the clients see them (exact, from this process's clock), per side: publisher <c>join</c> (hub
/// connection + Join), <c>publish</c> (PublishTrack… + PublishOffer → the answer), <c>connect</c> (answer set → ICE +
/// DTLS done); subscriber <c>join</c>, <c>subscribe</c> (Subscribe → the offer answered and the answer accepted),
/// <c>connect</c>, <c>first_packet</c> (connected → first RTP packet received; with publishers first this is the
/// forwarding wait, with subscribers first it includes the publishers' arrival) and <c>total</c> (join → first packet).
/// </summary>
public sealed class ClientConnectTimes
{
    private readonly ConcurrentQueue<(string Side, string Phase, double Milliseconds)> _samples = new();

    public void Add(string side, string phase, long from, long to)
    {
        if (from != 0 && to != 0) _samples.Enqueue((side, phase, Stopwatch.GetElapsedTime(from, to).TotalMilliseconds));
    }

    /// <summary>One line per side and phase: "subscriber connect: n = 16, p50 83 ms, p95 140 ms".</summary>
    public IReadOnlyList<string> Describe() =>
        _samples.GroupBy(s => (s.Side, s.Phase))
            .OrderBy(g => g.Key.Side, StringComparer.Ordinal).ThenBy(g => Order(g.Key.Phase))
            .Select(g =>
            {
                double[] sorted = g.Select(s => s.Milliseconds).Order().ToArray();
                return $"{g.Key.Side} {g.Key.Phase}: n = {sorted.Length}, p50 {Ms(Quantile(sorted, 0.5))}, p95 {Ms(Quantile(sorted, 0.95))}";
            })
            .ToList();

    private static int Order(string phase) => Array.IndexOf(Phases, phase) is var i and >= 0 ? i : Phases.Length;

    private static readonly string[] Phases = ["join", "publish", "subscribe", "connect", "first_packet", "total"];

    private static double Quantile(double[] sorted, double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static string Ms(double ms) => ms.ToString("0", CultureInfo.InvariantCulture) + " ms";
}

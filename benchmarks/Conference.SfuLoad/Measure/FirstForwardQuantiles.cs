using System.Globalization;

namespace Conference.SfuLoad.Measure;

/// <summary>
/// Join → first forwarded packet (<c>conference_sfu_time_to_first_forward</c>, a histogram per side) and its phases
/// (<c>conference_media_connect_phase</c>, per connection and phase) read from the Prometheus text at /metrics: the
/// count per series and the bucket bounds its p50 and p95 fall under.
/// </summary>
public static class FirstForwardQuantiles
{
    private const string Metric = "conference_sfu_time_to_first_forward";
    private const string PhaseMetric = "conference_media_connect_phase";

    /// <summary>One line per side ("publisher: n = 64, p50 ≤ 250 ms, p95 ≤ 500 ms"); empty when the metric is absent.</summary>
    public static IReadOnlyList<string> Describe(string metricsText) => Describe(metricsText, Metric, line => Label(line, "side"));

    /// <summary>One line per connection and phase ("publisher dtls_flight: n = 8, p50 ≤ 10 ms, p95 ≤ 20 ms"), in phase order.</summary>
    public static IReadOnlyList<string> DescribePhases(string metricsText) =>
        Describe(metricsText, PhaseMetric, line => Label(line, "connection") is { } connection && Label(line, "phase") is { } phase
            ? $"{connection} {Array.IndexOf(PhaseOrder, phase):00} {phase}" : null)
            .Select(l => l.Remove(l.IndexOf(' ') + 1, 3)).ToList();

    private static readonly string[] PhaseOrder =
        ["answer", "first_check", "nomination", "dtls_wait", "dtls_flight", "dtls_remote", "dtls_finish", "connected", "first_rtp", "forward_wait"];

    private static IReadOnlyList<string> Describe(string metricsText, string metric, Func<string, string?> series)
    {
        // series → (upper bound, cumulative count), summed over silos and engines
        var buckets = new SortedDictionary<string, SortedDictionary<double, double>>(StringComparer.Ordinal);
        foreach (string line in metricsText.Split('\n'))
        {
            if (!line.StartsWith(metric, StringComparison.Ordinal) || !line.Contains("_bucket{", StringComparison.Ordinal)) continue;
            string? side = series(line), le = Label(line, "le");
            string[] parts = line[(line.LastIndexOf('}') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (side is null || le is null || parts.Length == 0
                || !double.TryParse(parts[0], CultureInfo.InvariantCulture, out double count)) continue;
            double bound = le == "+Inf" ? double.PositiveInfinity : double.Parse(le, CultureInfo.InvariantCulture);
            var perSide = buckets.TryGetValue(side, out var existing) ? existing : buckets[side] = [];
            perSide[bound] = perSide.GetValueOrDefault(bound) + count;
        }
        return buckets.Select(kv =>
        {
            double total = kv.Value.Values.LastOrDefault();
            return $"{kv.Key}: n = {total:0}, p50 ≤ {Quantile(kv.Value, total, 0.50)}, p95 ≤ {Quantile(kv.Value, total, 0.95)}";
        }).ToList();
    }

    private static string Quantile(SortedDictionary<double, double> cumulative, double total, double q)
    {
        foreach ((double bound, double count) in cumulative)
        {
            if (count >= q * total) return double.IsPositiveInfinity(bound) ? "∞" : $"{bound.ToString(CultureInfo.InvariantCulture)} ms";
        }
        return "n/a";
    }

    private static string? Label(string line, string name)
    {
        int start = line.IndexOf(name + "=\"", StringComparison.Ordinal);
        if (start < 0) return null;
        start += name.Length + 2;
        int end = line.IndexOf('"', start);
        return end < 0 ? null : line[start..end];
    }
}

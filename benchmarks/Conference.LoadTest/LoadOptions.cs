using System.Globalization;

namespace Conference.LoadTest;

/// <summary>Command line: --duration 10 --warmup 15 --concurrency 32 --tasks 200 --out docs/benchmarks.md [--note "…"].</summary>
public sealed record LoadOptions(TimeSpan Duration, TimeSpan Warmup, int Concurrency, int Tasks, string OutPath, string? Note)
{
    public static LoadOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal)) throw Usage($"Unexpected argument '{arg}'.");
            var eq = arg.IndexOf('=');
            if (eq > 0) values[arg[2..eq]] = arg[(eq + 1)..];
            else if (i + 1 < args.Length) values[arg[2..]] = args[++i];
            else throw Usage($"Missing value for '{arg}'.");
        }

        var options = new LoadOptions(
            TimeSpan.FromSeconds(Number(values, "duration", 10, 1, 600)),
            TimeSpan.FromSeconds(Number(values, "warmup", 15, 0, 120)),
            (int)Number(values, "concurrency", 32, 1, 1024),
            (int)Number(values, "tasks", 200, 1, 100_000),
            Path.GetFullPath(values.GetValueOrDefault("out") ?? RepoPaths.DefaultDocs()),
            values.GetValueOrDefault("note"));
        var unknown = values.Keys.Except(["duration", "warmup", "concurrency", "tasks", "out", "note"], StringComparer.OrdinalIgnoreCase).ToList();
        return unknown.Count == 0 ? options : throw Usage($"Unknown option(s): {string.Join(", ", unknown)}.");
    }

    private static double Number(Dictionary<string, string> values, string name, double fallback, double min, double max)
    {
        if (!values.TryGetValue(name, out var text)) return fallback;
        // "10" and "10s" both mean ten seconds.
        if (!double.TryParse(text.TrimEnd('s'), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            throw Usage($"--{name} must be a number between {min} and {max}, not '{text}'.");
        return value;
    }

    private static ArgumentException Usage(string problem) =>
        new($"{problem}\nUsage: Conference.LoadTest [--duration 10] [--warmup 15] [--concurrency 32] [--tasks 200] [--out docs/benchmarks.md] [--note text]");
}

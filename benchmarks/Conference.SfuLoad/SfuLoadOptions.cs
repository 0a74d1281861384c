using System.Globalization;
using Conference.SfuLoad.Media;

namespace Conference.SfuLoad;

/// <summary>One load step: publishers and subscribers in each of some rooms.</summary>
public sealed record LoadStep(int Publishers, int Subscribers, int Rooms)
{
    public override string ToString() => Rooms == 1 ? $"{Publishers}×{Subscribers}" : $"{Rooms} rooms × {Publishers}×{Subscribers}";
}

/// <summary>
/// Command line (same style as Conference.LoadTest): --steps 2x2,4x4,8x8,16x16,24x24,32x32 --rooms 1 --warmup 10 --measure 20
/// --audio-kbps 32 --video-kbps 500 --fps 30 --keyframe 2 [--url http://127.0.0.1:5000 --email … --password …]
/// [--out docs/benchmarks.md] [--no-write] [--note "…"] [--max-loss 5] [--max-p99 500]
/// [--order subscribers-first|publishers-first] [--engines 1] (media engines of the server the tool starts; a room lives
/// on one, so more engines need --rooms ≥ engines) [--batching on|off] (recvmmsg/sendmmsg in the server the tool starts) [--segmentation on|off] (its UDP segmentation offload)
/// [--pacing on|off] (the subscribers' pacer in the server the tool starts) [--sfu conference|janus|both] (Janus 1.x videoroom started by the tool, publishers first; both = ours then Janus, compared).
/// The generator's own cost (docs/benchmarks.md, "A cheaper generator"): [--sample N] (subscribers authenticate and
/// decrypt 1 in N packets per stream, by sequence number, and count every packet from its clear RTP header; default 1 =
/// every packet, counted by the send time in its payload) [--client-receive loop|batched|group] (subscriber sockets: one
/// datagram per call on .NET's socket engine, the default; recvmmsg on a thread per socket; or one thread polling all of a
/// step's client sockets, subscribers' and publishers', and taking recvmmsg batches, UdpReceiveGroup) [--client-spin µs] (group: poll without
/// sleeping this long after data, so the SFU's sends over loopback seldom pay for waking the generator; default 0) [--sfu-cpus LIST] [--generator-cpus LIST] (taskset(1) CPU lists the
/// SFU process the tool starts and the tool itself are pinned to, e.g. 0 and 1; default: not pinned).
/// </summary>
public sealed record SfuLoadOptions(IReadOnlyList<LoadStep> Steps, TimeSpan Warmup, TimeSpan Measure, MediaProfile Media,
    Uri? Url, string Email, string Password, string OutPath, bool Write, string? Note, double MaxLossPercent, double MaxP99Ms,
    bool SubscribersFirst, int Engines = 1, bool Batching = true, string Sfu = "conference", bool Pacing = true,
    int SampleEvery = 1, string ClientReceive = "loop", string? SfuCpus = null, string? GeneratorCpus = null, int ClientSpinMicroseconds = 0,
    bool Segmentation = true)
{
    private static readonly string[] Known =
        ["steps", "rooms", "warmup", "measure", "audio-kbps", "video-kbps", "fps", "keyframe", "url", "email", "password", "out", "no-write", "note", "max-loss", "max-p99", "order", "engines", "batching", "sfu", "pacing",
         "sample", "client-receive", "sfu-cpus", "generator-cpus", "client-spin", "segmentation"];

    public static SfuLoadOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal)) throw Usage($"Unexpected argument '{arg}'.");
            int eq = arg.IndexOf('=');
            if (eq > 0) values[arg[2..eq]] = arg[(eq + 1)..];
            else if (arg == "--no-write") values["no-write"] = "true";
            else if (i + 1 < args.Length) values[arg[2..]] = args[++i];
            else throw Usage($"Missing value for '{arg}'.");
        }
        var unknown = values.Keys.Except(Known, StringComparer.OrdinalIgnoreCase).ToList();
        if (unknown.Count > 0) throw Usage($"Unknown option(s): {string.Join(", ", unknown)}.");

        int rooms = (int)Number(values, "rooms", 1, 1, 50);
        var steps = (values.GetValueOrDefault("steps") ?? "2x2,4x4,8x8,16x16,24x24,32x32")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => ParseStep(s, rooms)).ToList();
        Uri? url = values.TryGetValue("url", out string? text)
            ? Uri.TryCreate(text, UriKind.Absolute, out Uri? parsed) ? parsed : throw Usage($"--url must be an absolute URL, not '{text}'.")
            : null;
        var media = new MediaProfile(
            (int)Number(values, "audio-kbps", 32, 6, 510) * 1000,
            (int)Number(values, "video-kbps", 500, 30, 20_000) * 1000,
            (int)Number(values, "fps", 30, 1, 60),
            TimeSpan.FromSeconds(Number(values, "keyframe", 2, 0.1, 60)));
        return new SfuLoadOptions(steps,
            TimeSpan.FromSeconds(Number(values, "warmup", 10, 0, 120)),
            TimeSpan.FromSeconds(Number(values, "measure", 20, 1, 600)),
            media, url,
            values.GetValueOrDefault("email") ?? "sfu-load@example.com",
            values.GetValueOrDefault("password") ?? "sfu-load-password-1",
            Path.GetFullPath(values.GetValueOrDefault("out") ?? Conference.LoadTest.RepoPaths.DefaultDocs()),
            !values.ContainsKey("no-write"),
            values.GetValueOrDefault("note"),
            Number(values, "max-loss", 5, 0, 100),
            Number(values, "max-p99", 500, 1, 60_000),
            (values.GetValueOrDefault("order") ?? "subscribers-first") switch
            {
                "subscribers-first" => true,
                "publishers-first" => false,
                var other => throw Usage($"--order is subscribers-first or publishers-first, not '{other}'."),
            },
            (int)Number(values, "engines", 1, 1, 64),
            OnOff(values, "batching", true),
            values.GetValueOrDefault("sfu") is { } sfu
                ? sfu is "conference" or "janus" or "both" ? sfu : throw Usage($"--sfu is conference, janus or both, not '{sfu}'.")
                : "conference",
            OnOff(values, "pacing", true),
            (int)Number(values, "sample", 1, 1, 1000),
            values.GetValueOrDefault("client-receive") is { } receive
                ? receive is "loop" or "batched" or "group" ? receive : throw Usage($"--client-receive is loop, batched or group, not '{receive}'.")
                : "loop",
            CpuList(values, "sfu-cpus"),
            CpuList(values, "generator-cpus"),
            (int)Number(values, "client-spin", 0, 0, 10_000),
            OnOff(values, "segmentation", true));
    }

    private static bool OnOff(Dictionary<string, string> values, string name, bool fallback) =>
        values.GetValueOrDefault(name) switch
        {
            null => fallback,
            "on" => true,
            "off" => false,
            var other => throw Usage($"--{name} is on or off, not '{other}'."),
        };

    /// <summary>A taskset(1) CPU list: digits, commas and ranges only (it goes on a command line).</summary>
    private static string? CpuList(Dictionary<string, string> values, string name) =>
        values.GetValueOrDefault(name) switch
        {
            null => null,
            var list when list.Length > 0 && list.All(c => char.IsAsciiDigit(c) || c is ',' or '-') => list,
            var other => throw Usage($"--{name} is a CPU list such as 0 or 0,1 or 0-3, not '{other}'."),
        };

    private static LoadStep ParseStep(string text, int rooms)
    {
        string[] parts = text.Split('x', 'X', '×');
        if (parts.Length == 2 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out int p) && int.TryParse(parts[1], CultureInfo.InvariantCulture, out int s)
            && p is >= 1 and <= 100 && s is >= 1 and <= 100)
        {
            return new LoadStep(p, s, rooms);
        }
        throw Usage($"A step is PUBLISHERSxSUBSCRIBERS (1–100 each), not '{text}'.");
    }

    private static double Number(Dictionary<string, string> values, string name, double fallback, double min, double max)
    {
        if (!values.TryGetValue(name, out string? text)) return fallback;
        if (!double.TryParse(text.TrimEnd('s'), NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || value < min || value > max)
            throw Usage($"--{name} must be a number between {min} and {max}, not '{text}'.");
        return value;
    }

    private static ArgumentException Usage(string problem) => new(
        $"{problem}\nUsage: Conference.SfuLoad [--steps 2x2,4x4,8x8] [--rooms 1] [--warmup 10] [--measure 20] [--audio-kbps 32] " +
        "[--video-kbps 500] [--fps 30] [--keyframe 2] [--url http://host:port --email e --password p] [--out docs/benchmarks.md] " +
        "[--no-write] [--note text] [--max-loss 5] [--max-p99 500] [--order subscribers-first|publishers-first] [--engines 1] " +
        "[--batching on|off] [--segmentation on|off] [--pacing on|off] [--sfu conference|janus|both] [--sample 1] [--client-receive loop|batched|group] [--client-spin 0] [--sfu-cpus 0] [--generator-cpus 1]");
}

using Conference.LoadTest;
using Conference.SfuLoad;
using Conference.SfuLoad.Signaling;

// SFU load: N publishers (synthetic Opus + VP8) and M subscribers per room through the real signaling, step by step up
// to saturation; prints a Markdown table and writes it to docs/benchmarks.md (section sfu-load). See docs/benchmarks.md.
// --sfu janus runs the same steps against Janus's videoroom; --sfu both runs ours, then Janus, and prints the comparison.
SfuLoadOptions options;
try { options = SfuLoadOptions.Parse(args); }
catch (ArgumentException ex) { Console.Error.WriteLine(ex.Message); return 2; }

// The run ends by itself: each step is bounded (setup, warm-up, window, drain), and so is the whole.
int targets = options.Sfu == "both" ? 2 : 1;
TimeSpan budget = TimeSpan.FromMinutes(3) + targets * options.Steps.Count * (options.Warmup + options.Measure + TimeSpan.FromMinutes(2));
using var stop = new CancellationTokenSource(budget);
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };

var machine = MachineInfo.Capture();
var runs = new List<SfuRun>();
if (options.Sfu is "conference" or "both") runs.Add(await SfuRun.ConferenceAsync(options, stop.Token));
if (options.Sfu is "janus" or "both") runs.Add(await SfuRun.JanusAsync(options, stop.Token));
machine = machine with { LoadAverageAfter = MachineInfo.LoadAverage() };

foreach (SfuRun run in runs)
{
    var report = new SfuReport(options, run.Target, machine, run.Results, run.StoppedBecause);
    Console.WriteLine(report.Markdown());
    if (options.Write && targets == 1 && run.Results.Any(r => !r.NothingForwarded))
    {
        report.WriteSection(options.OutPath);
        Console.WriteLine($"Wrote {options.OutPath}");
    }
}
if (runs.Count == 2) Console.WriteLine(SfuComparison.Markdown(runs[0].Results, runs[1].Results));
return runs.All(r => r.Results.Count > 0 && r.Results.All(s => !s.NothingForwarded)) ? 0 : 1;

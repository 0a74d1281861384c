using Conference.LoadTest;
using Conference.SfuLoad;
using Conference.SfuLoad.Signaling;

// SFU load: N publishers (synthetic Opus + VP8) and M subscribers per room through the real signaling, step by step up
// to saturation; prints a Markdown table and writes it to docs/benchmarks.md (section sfu-load). See docs/benchmarks.md.
SfuLoadOptions options;
try { options = SfuLoadOptions.Parse(args); }
catch (ArgumentException ex) { Console.Error.WriteLine(ex.Message); return 2; }

// The run ends by itself: each step is bounded (setup, warm-up, window, drain), and so is the whole.
TimeSpan budget = TimeSpan.FromMinutes(3) + options.Steps.Count * (options.Warmup + options.Measure + TimeSpan.FromMinutes(2));
using var stop = new CancellationTokenSource(budget);
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };

var machine = MachineInfo.Capture();
ServerProcess? server = null;
var results = new List<StepResult>();
string? stoppedBecause = null;
string target;
try
{
    if (options.Url is null) server = await ServerProcess.Start(stop.Token,
        "--Conference:Roles=gateway,core,sfu", "--Conference:Media:BindAddress=127.0.0.1", // one SFU silo
        $"--Conference:Media:Engines={options.Engines}", $"--Conference:Media:Batching={options.Batching}",
        "--Conference:Hub:MaxConnectionsPerUser=100000"); // every participant is the tool's one account
    Uri url = options.Url ?? server!.BaseAddress;
    target = server is null
        ? $"external server {url} (its CPU is not measured)"
        : $"Release `Conference.Server` started by the tool (pid {server.ProcessId}, roles gateway,core,sfu: one SFU silo, {options.Engines} media engine(s), UDP batching {(options.Batching ? "on" : "off")}) at {url}";
    Console.WriteLine($"SFU load against {target}");
    await using ISfuSignaling signaling = new ConferenceSignaling(url, options.Email, options.Password);
    await signaling.PrepareAsync(stop.Token);

    uint ssrcBase = 0x1000_0000;
    foreach (LoadStep step in options.Steps)
    {
        StepResult result;
        try
        {
            result = await StepRunner.RunAsync(signaling, step, options, server?.ProcessId, ssrcBase, stop.Token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stop.IsCancellationRequested)
        {
            stoppedBecause = $"step {step} failed: {ex.GetType().Name}: {ex.Message}";
            Console.Error.WriteLine(stoppedBecause);
            if (server is not null) Console.Error.WriteLine($"server log tail:\n{server.Log()}");
            break;
        }
        ssrcBase += 0x0100_0000;
        results.Add(result);
        Console.WriteLine($"  {step}: forwarded {result.ForwardedPerSecond:N0}/s, loss {result.LossPercent:0.0} %, p50 {result.P50Ms:0.00} ms, " +
            $"p99 {result.P99Ms:0.00} ms, SFU CPU-s/M {result.CpuSecondsPerMillion?.ToString("0.0") ?? "n/a"}{(result.Problem is null ? "" : $" — {result.Problem}")}");
        if (result.NothingForwarded)
        {
            Console.WriteLine($"  NOTHING FORWARDED in step {step}: subscribers got no packet of ours. Is SFU forwarding implemented on this server?");
            stoppedBecause = $"nothing was forwarded at {step}";
            break;
        }
        if (result.LossPercent > options.MaxLossPercent || result.P99Ms > options.MaxP99Ms)
        {
            stoppedBecause = $"saturated at {step} (loss {result.LossPercent:0.0} %, p99 {result.P99Ms:0} ms)";
            break;
        }
    }
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    stoppedBecause = "the run's time budget ran out (or it was interrupted)";
    target = options.Url?.ToString() ?? "the server started by the tool";
}
finally
{
    if (server is not null) await server.DisposeAsync();
}

var report = new SfuReport(options, target, machine with { LoadAverageAfter = MachineInfo.LoadAverage() }, results, stoppedBecause);
Console.WriteLine(report.Markdown());
if (options.Write && results.Any(r => !r.NothingForwarded))
{
    report.WriteSection(options.OutPath);
    Console.WriteLine($"Wrote {options.OutPath}");
}
return results.Count > 0 && results.All(r => !r.NothingForwarded) ? 0 : 1;


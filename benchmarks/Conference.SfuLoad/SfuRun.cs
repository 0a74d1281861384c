using Conference.LoadTest;
using Conference.SfuLoad.Signaling;

namespace Conference.SfuLoad;

/// <summary>The steps against one SFU (ours, started by the tool or at --url; or Janus, started by the tool).</summary>
public sealed record SfuRun(string Target, IReadOnlyList<StepResult> Results, string? StoppedBecause)
{
    public static async Task<SfuRun> ConferenceAsync(SfuLoadOptions options, CancellationToken stop)
    {
        ServerProcess? server = null;
        string target = options.Url?.ToString() ?? "the server started by the tool";
        try
        {
            // Pinned: the server starts with the SFU's CPU mask (inherited from this process, pinned there for the moment),
            // so its runtime sizes itself for those CPUs (thread pool, GC, spin-waits) as a pinned deployment's would.
            if (options.Url is null && options.SfuCpus is { } startCpus) await CpuAffinity.PinAsync(Environment.ProcessId, startCpus, "the generator while it starts the SFU");
            if (options.Url is null) server = await ServerProcess.Start(stop,
                "--Conference:Roles=gateway,core,sfu", "--Conference:Media:BindAddress=127.0.0.1", // one SFU silo
                $"--Conference:Media:Engines={options.Engines}", $"--Conference:Media:Batching={options.Batching}", $"--Conference:Media:SegmentationOffload={options.Segmentation}", $"--Conference:Media:Pacing={options.Pacing}",
                "--Conference:Hub:MaxConnectionsPerUser=100000"); // every participant is the tool's one account
            if (server is not null && options.SfuCpus is { } sfuCpus) await CpuAffinity.PinAsync(server.ProcessId, sfuCpus, "the SFU server");
            await PinGeneratorAsync(options);
            Uri url = options.Url ?? server!.BaseAddress;
            target = server is null
                ? $"external server {url} (its CPU is not measured)"
                : $"Release `Conference.Server` started by the tool (pid {server.ProcessId}, roles gateway,core,sfu: one SFU silo, {options.Engines} media engine(s), UDP batching {(options.Batching ? "on" : "off")}, segmentation offload {(options.Segmentation ? "on" : "off")}, pacing {(options.Pacing ? "on" : "off")}{(options.SfuCpus is null ? "" : $", pinned to CPU {options.SfuCpus}")}) at {url}";
            Console.WriteLine($"SFU load against {target}");
            var signaling = new ConferenceSignaling(url, options.Email, options.Password);
            await using (signaling)
            {
                await signaling.PrepareAsync(stop);
                var (results, stopped) = await RunStepsAsync(signaling, options, server?.ProcessId, server, stop);
                // conference_sfu_time_to_first_forward over the whole run (every step's joins), by side.
                foreach (string line in await signaling.TimeToFirstForwardAsync(stop)) Console.WriteLine($"join → first forwarded packet, {line}");
                return new SfuRun(target, results, stopped);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return new SfuRun(target, [], "the run's time budget ran out (or it was interrupted)");
        }
        finally
        {
            if (server is not null) await server.DisposeAsync();
        }
    }

    public static async Task<SfuRun> JanusAsync(SfuLoadOptions options, CancellationToken stop)
    {
        await using JanusProcess janus = JanusProcess.Start();
        if (options.SfuCpus is { } sfuCpus) await CpuAffinity.PinAsync(janus.ProcessId, sfuCpus, "Janus");
        await PinGeneratorAsync(options);
        string target = $"Janus 1.x videoroom started by the tool (pid {janus.ProcessId}, HTTP API) at {janus.BaseAddress}";
        Console.WriteLine($"SFU load against {target}");
        try
        {
            await using var signaling = new JanusSignaling(janus.BaseAddress);
            await signaling.PrepareAsync(stop);
            // Janus subscribes to feeds that exist: publishers first, whatever --order says.
            var (results, stopped) = await RunStepsAsync(signaling, options with { SubscribersFirst = false }, janus.ProcessId, null, stop);
            return new SfuRun(target, results, stopped);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return new SfuRun(target, [], "the run's time budget ran out (or it was interrupted)");
        }
    }

    /// <summary>After the SFU started (it inherited the SFU's mask, not the generator's).</summary>
    private static Task PinGeneratorAsync(SfuLoadOptions options) =>
        options.GeneratorCpus is { } cpus ? CpuAffinity.PinAsync(Environment.ProcessId, cpus, "the generator (this tool)")
        : options.SfuCpus is not null ? CpuAffinity.PinAsync(Environment.ProcessId, $"0-{Environment.ProcessorCount - 1}", "the generator (this tool), back on every CPU")
        : Task.CompletedTask;

    private static async Task<(List<StepResult>, string?)> RunStepsAsync(ISfuSignaling signaling, SfuLoadOptions options, int? pid,
        ServerProcess? server, CancellationToken stop)
    {
        var results = new List<StepResult>();
        var times = new Measure.ClientConnectTimes();
        // Our clients stand in for browsers, whose DTLS is native: their first handshake should not include compiling
        // BouncyCastle in this process (the server warms itself up the same way when its engines start).
        await Conference.Media.Dtls.DtlsWarmUp.EnsureStarted();
        try
        {
            return await RunStepsAsync(signaling, options, pid, server, results, times, stop);
        }
        finally
        {
            foreach (string line in times.Describe()) Console.WriteLine($"client connect time ({signaling.Name}), {line}");
        }
    }

    private static async Task<(List<StepResult>, string?)> RunStepsAsync(ISfuSignaling signaling, SfuLoadOptions options, int? pid,
        ServerProcess? server, List<StepResult> results, Measure.ClientConnectTimes times, CancellationToken stop)
    {
        uint ssrcBase = 0x1000_0000;
        foreach (LoadStep step in options.Steps)
        {
            StepResult result;
            try
            {
                result = await StepRunner.RunAsync(signaling, step, options, pid, ssrcBase, times, stop);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stop.IsCancellationRequested)
            {
                string failed = $"step {step} failed: {ex.GetType().Name}: {ex.Message}";
                Console.Error.WriteLine(failed);
                if (server is not null) Console.Error.WriteLine($"server log tail:\n{server.Log()}");
                return (results, failed);
            }
            ssrcBase += 0x0100_0000;
            results.Add(result);
            Console.WriteLine($"  {step}: forwarded {result.ForwardedPerSecond:N0}/s, loss {result.LossPercent:0.0} % (sequence gaps {result.SequenceGaps:N0}, " +
                $"reordered {result.Reordered:N0}), p50 {result.P50Ms:0.00} ms, p99 {result.P99Ms:0.00} ms ({result.LatencySamples:N0} samples), " +
                $"SFU {result.ServerCores?.ToString("0.00") ?? "n/a"} cores, {result.VideoConsumers:N0} video consumers = {result.VideoConsumersPerCore?.ToString("N0") ?? "n/a"} per SFU core, " +
                $"SFU CPUs busy {result.SfuCpusBusyCores?.ToString("0.00") ?? "n/a"} cores ({result.VideoConsumersPerBusyCore?.ToString("N0") ?? "n/a"} per busy core), " +
                $"generator {result.GeneratorCpuSeconds / result.Measured.TotalSeconds:0.00} cores, " +
                $"SFU CPU-s/M {result.CpuSecondsPerMillion?.ToString("0.0") ?? "n/a"}, RSS {result.ServerMemoryMiB?.ToString("0") ?? "n/a"} MiB" +
                $"{(result.Problem is null ? "" : $" — {result.Problem}")}");
            if (result.NothingForwarded)
            {
                Console.WriteLine($"  NOTHING FORWARDED in step {step}: subscribers got no packet of ours.");
                return (results, $"nothing was forwarded at {step}");
            }
            if (result.LossPercent > options.MaxLossPercent || result.P99Ms > options.MaxP99Ms)
            {
                return (results, $"saturated at {step} (loss {result.LossPercent:0.0} %, p99 {result.P99Ms:0} ms)");
            }
        }
        return (results, null);
    }
}

using System.Diagnostics;
using Conference.LoadTest;

namespace Conference.SfuLoad;

/// <summary>
/// The Release Conference.Server (one process: gateway, core and sfu roles, so one SFU silo) as a child process on
/// 127.0.0.1 with a throw-away data folder; its process id is what the CPU column reads.
/// </summary>
public sealed class SfuServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);
    private readonly Process _process;
    private readonly string _dataPath;
    private readonly Queue<string> _tail = new();

    private SfuServerProcess(Process process, string dataPath, Uri baseAddress)
    {
        _process = process;
        _dataPath = dataPath;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    public static async Task<SfuServerProcess> StartAsync(CancellationToken cancel)
    {
        string dll = RepoPaths.ServerDll();
        int[] ports = FreePorts.Take(3);
        string dataPath = Directory.CreateTempSubdirectory("conference-sfuload-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        foreach (string arg in new[]
                 {
                     dll, "--urls", $"http://127.0.0.1:{ports[0]}", $"--Conference:DataPath={dataPath}",
                     $"--Conference:Cluster:SiloPort={ports[1]}", $"--Conference:Cluster:GatewayPort={ports[2]}",
                     "--Conference:Roles=gateway,core,sfu", "--Conference:Media:BindAddress=127.0.0.1",
                 })
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var server = new SfuServerProcess(Process.Start(start)!, dataPath, new Uri($"http://127.0.0.1:{ports[0]}"));
        server._process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilReadyAsync(cancel);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>The last lines the server wrote (what explains a failure).</summary>
    public string Tail()
    {
        lock (_tail) return string.Join('\n', _tail);
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancel)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < ReadyTimeout)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The server exited with {_process.ExitCode}:\n{Tail()}");
            try
            {
                if ((await http.GetAsync("/readyz", cancel)).IsSuccessStatusCode) return;
            }
            catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancel.IsCancellationRequested))
            {
                // not listening yet
            }
            await Task.Delay(250, cancel);
        }
        throw new TimeoutException($"The server at {BaseAddress} was not ready within {ReadyTimeout}:\n{Tail()}");
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_tail)
        {
            _tail.Enqueue(line);
            if (_tail.Count > 100) _tail.Dequeue();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM (by our child's own pid) lets the silo stop cleanly; kill it if that takes too long.
            using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await term.WaitForExitAsync();
            try { await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20)); }
            catch (TimeoutException) { _process.Kill(entireProcessTree: true); }
        }
        _process.Dispose();
        try { Directory.Delete(_dataPath, recursive: true); }
        catch (IOException) { /* temp folder: best effort */ }
    }
}

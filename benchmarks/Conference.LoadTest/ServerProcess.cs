using System.Diagnostics;
using Conference.Server.Tests.Support;

namespace Conference.LoadTest;

/// <summary>
/// The real embedded Conference server (silo + REST API, all roles by default) as a child process on loopback, with a
/// throw-away data folder. Shared by the load tools (Conference.SfuLoad links this file).
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);
    private readonly Process _process;
    private readonly string _dataPath;
    private readonly Queue<string> _log = new();

    private ServerProcess(Process process, string dataPath, Uri baseAddress)
    {
        _process = process;
        _dataPath = dataPath;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>The server's process id (what a tool reads CPU time from in /proc).</summary>
    public int ProcessId => _process.Id;

    /// <param name="settings">Extra <c>--Key=value</c> settings, e.g. roles or the media bind address.</param>
    public static async Task<ServerProcess> Start(CancellationToken cancel, params string[] settings)
    {
        var dll = RepoPaths.ServerDll();
        int[] ports = [FreePorts.Tcp(), FreePorts.Tcp(), FreePorts.Tcp()];
        var dataPath = Directory.CreateTempSubdirectory("conference-loadtest-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!, // so the server finds its appsettings.json
        };
        string[] arguments = [dll, "--urls", $"http://127.0.0.1:{ports[0]}", $"--Conference:DataPath={dataPath}",
            $"--Conference:Cluster:SiloPort={ports[1]}", $"--Conference:Cluster:GatewayPort={ports[2]}", .. settings];
        foreach (var arg in arguments) start.ArgumentList.Add(arg);
        start.Environment["Logging__LogLevel__Default"] = "Warning";

        var server = new ServerProcess(Process.Start(start)!, dataPath, new Uri($"http://127.0.0.1:{ports[0]}"));
        server._process.OutputDataReceived += (_, e) => server.Append(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilReady(cancel);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    private async Task WaitUntilReady(CancellationToken cancel)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.GetTimestamp() + (long)(ReadyTimeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The server exited with {_process.ExitCode}:\n{Log()}");
            try
            {
                if ((await client.GetAsync("/readyz", cancel)).IsSuccessStatusCode) return;
            }
            catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancel.IsCancellationRequested))
            {
                // Not listening yet, or the silo is still joining.
            }
            await Task.Delay(250, cancel);
        }
        throw new TimeoutException($"The server at {BaseAddress} was not ready within {ReadyTimeout}:\n{Log()}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM lets the silo shut down cleanly; kill it if that takes too long.
            if (OperatingSystem.IsWindows()) _process.Kill(entireProcessTree: true);
            else using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString()])) await term.WaitForExitAsync();
            try { await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20)); }
            catch (TimeoutException) { _process.Kill(entireProcessTree: true); }
        }
        _process.Dispose();
        try { Directory.Delete(_dataPath, recursive: true); }
        catch (IOException) { /* best effort: it is in the temp folder */ }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log)
        {
            _log.Enqueue(line);
            if (_log.Count > 200) _log.Dequeue(); // the tail is what explains a failed start
        }
    }

    /// <summary>The last lines the server wrote (what explains a failure).</summary>
    public string Log() { lock (_log) return string.Join('\n', _log); }
}

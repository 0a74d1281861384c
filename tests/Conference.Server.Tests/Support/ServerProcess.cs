using System.Diagnostics;
using System.Text;

namespace Conference.Server.Tests.Support;

/// <summary>A Conference.Server process (the real executable) on loopback, stopped gracefully with SIGTERM.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private ServerProcess(Process process, int httpPort)
    {
        _process = process;
        HttpPort = httpPort;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public int HttpPort { get; }
    public HttpClient Client { get; }
    public string Log { get { lock (_log) return _log.ToString(); } }

    public static ServerProcess Start(IReadOnlyDictionary<string, string> settings)
    {
        var httpPort = FreePorts.Tcp();
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(ServerDll());
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{httpPort}");
        foreach (var (key, value) in settings)
            start.ArgumentList.Add($"--{key}={value}");
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start)!;
        var server = new ServerProcess(process, httpPort);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    public async Task WaitUntilReady(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"Server exited with {_process.ExitCode}:\n{Log}");
            try
            {
                if ((await Client.GetAsync("/readyz")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { /* not listening yet */ }
            await Task.Delay(250);
        }
        throw new TimeoutException($"Server on port {HttpPort} was not ready within {timeout}:\n{Log}");
    }

    /// <summary>kill -9: no shutdown at all, as when a machine or container dies.</summary>
    public async Task Kill()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async Task Stop()
    {
        if (_process.HasExited) return;
        using (var kill = Process.Start("kill", $"-TERM {_process.Id}")) await kill.WaitForExitAsync();
        try
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(40));
        }
        catch (TimeoutException)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>Runs test steps against servers and attaches their logs to any failure.</summary>
    public static async Task WithLogs(Func<Task> steps, params ServerProcess[] servers)
    {
        try
        {
            await steps();
        }
        catch (Exception ex)
        {
            var logs = string.Join("\n", servers.Select(s => $"--- server :{s.HttpPort} ---\n{s.Log}"));
            throw new Xunit.Sdk.XunitException($"{ex.Message}\n{logs}\n{ex}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Stop();
        Client.Dispose();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
    }

    /// <summary>The server's own build output, in the same configuration as the tests.</summary>
    private static string ServerDll()
    {
        var baseDir = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = baseDir.Parent!.Name; // …/bin/<Configuration>/net10.0/
        var root = baseDir;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Conference.sln"))) root = root.Parent;
        if (root is null) throw new InvalidOperationException("Cannot find the repository root.");
        var dll = Path.Combine(root.FullName, "src", "Conference.Server", "bin", configuration, "net10.0", "Conference.Server.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the server first.", dll);
    }
}

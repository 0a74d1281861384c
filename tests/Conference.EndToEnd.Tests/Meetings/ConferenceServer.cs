using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Conference.EndToEnd.Tests.Meetings;

/// <summary>
/// The real Conference.Server executable as a child process: the embedded default (gateway, core and sfu in one
/// process), a throw-away data folder, HTTP and the media UDP socket on 127.0.0.1 at free ports, free Orleans
/// ports. Stopped with SIGTERM (then killed) by its PID; its output is kept for failure messages.
/// The server is built with the solution (tests/run.sh); by hand, build src/Conference.Server in the same
/// configuration as this test project.
/// </summary>
public sealed class ConferenceServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly string _dataFolder;

    private ConferenceServer(Process process, string host, int httpPort, int mediaPort, string dataFolder)
    {
        _process = process;
        _dataFolder = dataFolder;
        Host = host;
        HttpPort = httpPort;
        MediaPort = mediaPort;
        Http = new HttpClient { BaseAddress = new Uri($"http://{host}:{httpPort}"), Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>The address HTTP and media listen on (127.0.0.1 unless a test put the server elsewhere).</summary>
    public string Host { get; }

    public int HttpPort { get; }
    public int MediaPort { get; }
    public HttpClient Http { get; }
    public string HubUrl => $"ws://{Host}:{HttpPort}/hubs/conference";
    public int ProcessId => _process.Id;

    public string Log
    {
        get { lock (_log) return _log.ToString(); }
    }

    /// <param name="settings">Extra configuration (`Conference:…` keys), passed as command-line switches.</param>
    /// <param name="host">The local address for HTTP and media (one other network namespaces reach, for shaped links).</param>
    public static async Task<ConferenceServer> StartAsync(IReadOnlyDictionary<string, string> settings, TimeSpan readyTimeout,
        string host = "127.0.0.1")
    {
        int httpPort = FreeTcpPort(), mediaPort = FreeUdpPort();
        string data = Directory.CreateTempSubdirectory("conference-meetings-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = data,
        };
        start.ArgumentList.Add(ServerDll());
        var all = new Dictionary<string, string>
        {
            ["urls"] = $"http://{host}:{httpPort}",
            ["Conference:Roles"] = "gateway,core,sfu",
            ["Conference:DataPath"] = Path.Combine(data, "state"),
            ["Conference:Cluster:SiloPort"] = FreeTcpPort().ToString(),
            ["Conference:Cluster:GatewayPort"] = FreeTcpPort().ToString(),
            ["Conference:Media:BindAddress"] = host,
            ["Conference:Media:Port"] = mediaPort.ToString(),
            // One engine on the port picked here: the tests check that address (several engines take Port + i).
            ["Conference:Media:Engines"] = "1",
        };
        foreach (var (key, value) in settings) all[key] = value;
        foreach (var (key, value) in all) start.ArgumentList.Add($"--{key}={value}");
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var server = new ConferenceServer(process, host, httpPort, mediaPort, data);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilReadyAsync(readyTimeout);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (_process.HasExited) throw new InvalidOperationException($"Conference.Server exited with {_process.ExitCode}:\n{Log}");
            try
            {
                using var probe = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                if ((await Http.GetAsync("/readyz", probe.Token)).IsSuccessStatusCode) return;
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
                // not listening (or not ready) yet
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"Conference.Server on port {HttpPort} was not ready within {timeout.TotalSeconds:0} s:\n{Log}");
    }

    /// <summary>Registers an account (the first one on the fresh server is the admin) and signs it in.</summary>
    public async Task<ServerUser> CreateUserAsync(string name)
    {
        string email = $"{name.ToLowerInvariant()}-{Guid.NewGuid():N}@example.test";
        const string password = "meeting-test-passphrase-42";
        var registered = await PostAsync(null, "/api/auth/register", new { name, email, password });
        var login = await PostAsync(null, "/api/auth/login", new { email, password });
        return new ServerUser(registered.GetProperty("id").GetString()!, name, login.GetProperty("accessToken").GetString()!);
    }

    /// <summary>POSTs JSON (as <paramref name="caller"/> when given) and returns the response body; fails on any error status.</summary>
    public Task<JsonElement> PostAsync(ServerUser? caller, string path, object body) => SendAsync(caller, HttpMethod.Post, path, body);

    /// <summary>Any call of the API (JSON body when given) as <paramref name="caller"/>; the response body, failing on any error status.</summary>
    public async Task<JsonElement> SendAsync(ServerUser? caller, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body);
        if (caller is not null) request.Headers.Authorization = new("Bearer", caller.AccessToken);
        using var response = await Http.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The value of a Prometheus sample at /metrics: the first line of that metric carrying <paramref name="label"/> (e.g. type="x").</summary>
    public async Task<double> MetricAsync(string metric, string label)
    {
        string text = await Http.GetStringAsync("/metrics");
        foreach (string line in text.Split('\n'))
        {
            if (!line.StartsWith(metric, StringComparison.Ordinal) || !line.Contains(label, StringComparison.Ordinal)) continue;
            return double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        }
        throw new InvalidOperationException($"/metrics has no {metric} sample with {label}:\n{text}");
    }

    /// <summary>kill -9: no shutdown at all, as when a machine or container dies.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>The process ended by itself (a drained SFU silo exits).</summary>
    public Task WaitForExitAsync(TimeSpan timeout) => _process.WaitForExitAsync().WaitAsync(timeout);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                using (var term = Process.Start("kill", $"-TERM {_process.Id}")) await term.WaitForExitAsync();
                try
                {
                    await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
                }
                catch (TimeoutException)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync();
                }
            }
        }
        finally
        {
            Http.Dispose();
            _process.Dispose();
            try
            {
                Directory.Delete(_dataFolder, recursive: true);
            }
            catch (IOException)
            {
                // a temp folder left behind is harmless
            }
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
    }

    /// <summary>src/Conference.Server/bin/&lt;configuration of this test build&gt;/net10.0/Conference.Server.dll.</summary>
    private static string ServerDll()
    {
        var baseDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string configuration = baseDir.Parent!.Name; // …/bin/<Configuration>/net10.0
        string root = MeetingFiles.RepositoryRoot;
        string dll = Path.Combine(root, "src", "Conference.Server", "bin", configuration, baseDir.Name, "Conference.Server.dll");
        return File.Exists(dll)
            ? dll
            : throw new FileNotFoundException($"Build the server first: dotnet build src/Conference.Server -c {configuration}", dll);
    }

    public static int FreeTcpPort() => Conference.Server.Tests.Support.FreePorts.Tcp();

    public static int FreeUdpPort() => Conference.Server.Tests.Support.FreePorts.Udp();
}

/// <summary>A signed-in account: its id, display name and access token.</summary>
public sealed record ServerUser(string Id, string Name, string AccessToken);

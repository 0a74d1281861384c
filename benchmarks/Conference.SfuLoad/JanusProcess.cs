using System.Diagnostics;
using System.Net;
using System.Net.NetworkInformation;

namespace Conference.SfuLoad;

/// <summary>
/// Janus 1.x (the `janus` binary, Debian's package) as a child process for the side-by-side run: videoroom and the HTTP
/// transport only, full ICE, media on <see cref="MediaAddress"/> — Janus never gathers on a loopback
/// interface, so inside the tool's loopback-only namespace a veth pair carries that address (made here when missing;
/// needs root, i.e. the namespace of docs/benchmarks.md). Configuration in a throw-away folder; stopped by its pid.
/// </summary>
public sealed class JanusProcess : IAsyncDisposable
{
    public const string MediaAddress = "127.0.0.2";
    private readonly Process _process;
    private readonly string _folder;

    private JanusProcess(Process process, string folder, Uri baseAddress)
    {
        _process = process;
        _folder = folder;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    public static JanusProcess Start()
    {
        EnsureMediaAddress();
        int port = Conference.Server.Tests.Support.FreePorts.Tcp();
        string folder = Directory.CreateTempSubdirectory("sfu-load-janus-").FullName;
        File.WriteAllText(Path.Combine(folder, "janus.jcfg"), $$"""
            general: { configs_folder = "{{folder}}" debug_level = 3 session_timeout = 120 interface = "{{MediaAddress}}" }
            media: { rtp_port_range = "30000-60000" }
            nat: { ice_lite = false full_trickle = false ignore_mdns = true ice_enforce_list = "{{MediaAddress}}" }
            plugins: { disable = "libjanus_audiobridge.so,libjanus_duktape.so,libjanus_lua.so,libjanus_nosip.so,libjanus_recordplay.so,libjanus_sip.so,libjanus_streaming.so,libjanus_textroom.so,libjanus_videocall.so,libjanus_voicemail.so,libjanus_echotest.so" }
            transports: { disable = "libjanus_websockets.so,libjanus_mqtt.so,libjanus_nanomsg.so,libjanus_pfunix.so,libjanus_rabbitmq.so" }
            events: { broadcast = false }
            loggers: { disable = "libjanus_jsonlog.so" }
            """);
        File.WriteAllText(Path.Combine(folder, "janus.transport.http.jcfg"), $$"""
            general: { base_path = "/janus" http = true port = {{port}} ip = "127.0.0.1" https = false }
            admin: { admin_http = false }
            """);
        File.WriteAllText(Path.Combine(folder, "janus.plugin.videoroom.jcfg"), "general: { }\n");
        var start = new ProcessStartInfo("janus", ["-C", Path.Combine(folder, "janus.jcfg"), "-F", folder])
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("janus did not start");
        // SFU_LOAD_JANUS_LOG=path keeps Janus's own log (for when it refuses something).
        var log = Environment.GetEnvironmentVariable("SFU_LOAD_JANUS_LOG") is { Length: > 0 } path ? TextWriter.Synchronized(new StreamWriter(path) { AutoFlush = true }) : null;
        process.OutputDataReceived += (_, e) => log?.WriteLine(e.Data);
        process.ErrorDataReceived += (_, e) => log?.WriteLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new JanusProcess(process, folder, new Uri($"http://127.0.0.1:{port}/"));
    }

    private static void EnsureMediaAddress()
    {
        bool present = NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(i => i.GetIPProperties().UnicastAddresses).Any(a => a.Address.Equals(IPAddress.Parse(MediaAddress)));
        if (present) return;
        foreach (string command in new[]
                 {
                     "link add sfuload0 type veth peer name sfuload1", $"addr add {MediaAddress}/32 dev sfuload0",
                     "link set sfuload0 up", "link set sfuload1 up",
                 })
        {
            using var ip = Process.Start(new ProcessStartInfo("ip", command) { UseShellExecute = false, RedirectStandardError = true })!;
            ip.WaitForExit(10_000);
            if (ip.ExitCode != 0) throw new InvalidOperationException($"ip {command}: {ip.StandardError.ReadToEnd().Trim()} (run the tool as root in its own network namespace)");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited) _process.Kill();
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            // already gone
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

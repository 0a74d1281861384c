using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Conference.EndToEnd.Tests.Meetings;

/// <summary>
/// Debian's coturn (`turnserver`) on 127.0.0.1 with TURN REST credentials (use-auth-secret), configured as in
/// shared/REAL-PEERS.md: allow-loopback-peers (tests only: every peer here is on 127.0.0.1), no TLS, no CLI, its
/// own user db, pid and log files in a temp folder. Started and stopped by its PID.
/// </summary>
public sealed class CoturnServer : IAsyncDisposable
{
    public const string Executable = "/usr/bin/turnserver";
    private readonly Process _process;
    private readonly string _folder;

    private CoturnServer(Process process, string folder)
    {
        _process = process;
        _folder = folder;
    }

    public static bool IsInstalled => File.Exists(Executable);

    public string Log
    {
        get
        {
            string path = Path.Combine(_folder, "turn.log");
            try
            {
                return File.Exists(path) ? File.ReadAllText(path) : "(no coturn log)";
            }
            catch (IOException e)
            {
                return $"(coturn log unreadable: {e.Message})";
            }
        }
    }

    public static async Task<CoturnServer> StartAsync(int port, string secret, string realm, TimeSpan timeout)
    {
        if (!IsInstalled) throw new InvalidOperationException("coturn is not installed (apt-get install coturn; tests/run.sh does it).");
        string folder = Directory.CreateTempSubdirectory("conference-coturn-").FullName;
        int relayBase = 40000 + RandomNumberGenerator.GetInt32(0, 200) * 100;
        string config = Path.Combine(folder, "turnserver.conf");
        await File.WriteAllLinesAsync(config,
        [
            "listening-ip=127.0.0.1", "relay-ip=127.0.0.1", $"listening-port={port}",
            $"min-port={relayBase}", $"max-port={relayBase + 99}",
            "use-auth-secret", $"static-auth-secret={secret}", $"realm={realm}",
            "no-tls", "no-dtls", "no-cli", "no-tcp-relay", "allow-loopback-peers", "fingerprint",
            $"userdb={Path.Combine(folder, "turndb")}", $"pidfile={Path.Combine(folder, "turnserver.pid")}",
            $"log-file={Path.Combine(folder, "turn.log")}", "simple-log", "no-stdout-log",
        ]);
        var start = new ProcessStartInfo(Executable) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(config);
        var process = Process.Start(start) ?? throw new InvalidOperationException("turnserver did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new CoturnServer(process, folder);
        try
        {
            await server.WaitForBindingResponseAsync(port, timeout);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    // Ready once it answers a STUN Binding request (RFC 8489 §6: type 0x0001, magic cookie, 96-bit transaction id).
    private async Task WaitForBindingResponseAsync(int port, TimeSpan timeout)
    {
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var request = new byte[20];
        BinaryPrimitives.WriteUInt16BigEndian(request, 0x0001);
        BinaryPrimitives.WriteUInt32BigEndian(request.AsSpan(4), 0x2112A442);
        RandomNumberGenerator.Fill(request.AsSpan(8, 12));
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (_process.HasExited) throw new InvalidOperationException($"turnserver exited with {_process.ExitCode}:\n{Log}");
            await udp.SendAsync(request, new IPEndPoint(IPAddress.Loopback, port));
            using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            try
            {
                var reply = await udp.ReceiveAsync(wait.Token);
                if (reply.Buffer.Length >= 20 && BinaryPrimitives.ReadUInt16BigEndian(reply.Buffer) == 0x0101) return;
            }
            catch (OperationCanceledException)
            {
                // not up yet
            }
        }
        throw new TimeoutException($"coturn on udp/{port} did not answer a Binding request within {timeout.TotalSeconds:0} s:\n{Log}");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                await _process.WaitForExitAsync();
            }
        }
        finally
        {
            _process.Dispose();
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // a temp folder left behind is harmless
            }
        }
    }
}

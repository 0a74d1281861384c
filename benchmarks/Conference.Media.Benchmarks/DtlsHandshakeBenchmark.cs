using System.Diagnostics;
using Conference.Media.Dtls;

namespace Conference.Media.Benchmarks;

/// <summary>
/// What one DTLS-SRTP handshake costs (our <see cref="DtlsTransport"/> on BouncyCastle, client and server back to back
/// in memory, no network): wall time per handshake and the server's own work in it (its first flight: ECDHE key and
/// ECDSA signature; its finish: ECDH, the client's signature verified, Finished), the first handshake of the process
/// (JIT) apart from the later ones. Both ends run in this process, so CPU is for the pair.
/// <c>dotnet run -c Release --project benchmarks/Conference.Media.Benchmarks -- dtls-handshake [handshakes]</c>
/// </summary>
public static class DtlsHandshakeBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        int count = args.Length > 1 && int.TryParse(args[1], out int n) ? n : 20;
        var client = DtlsCertificate.Generate("client");
        var server = DtlsCertificate.Generate("server");
        Console.WriteLine($"dtls-handshake: {count} handshakes in sequence; {Environment.ProcessorCount} CPUs; load {LoadAverage()}");
        var wall = new List<double>();
        var serverFlight = new List<double>();
        var serverFinish = new List<double>();
        var cpu = new List<double>();
        var clientHello = new List<double>();
        var clientFlight = new List<double>();
        var threads = new List<double>();
        for (int i = 0; i < count; i++)
        {
            TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            long start = Stopwatch.GetTimestamp();
            var (t, s) = await Handshake(client, server);
            wall.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds);
            serverFlight.Add(Stopwatch.GetElapsedTime(s.FirstReceived, s.FirstFlightSent).TotalMilliseconds);
            serverFinish.Add(Stopwatch.GetElapsedTime(s.SecondReceived, s.Completed).TotalMilliseconds);
            clientHello.Add(Stopwatch.GetElapsedTime(start, s.FirstReceived).TotalMilliseconds);
            threads.Add(Math.Max(Stopwatch.GetElapsedTime(start, s.Started).TotalMilliseconds, Stopwatch.GetElapsedTime(start, t.Started).TotalMilliseconds));
            clientFlight.Add(Stopwatch.GetElapsedTime(t.FirstReceived, t.FirstFlightSent).TotalMilliseconds);
            if (i < 4) Console.WriteLine($"#{i + 1}{(i == 0 ? " (cold)" : "")}: {wall[i]:F1} ms wall, {cpu[i]:F1} ms CPU, server flight {serverFlight[i]:F1} ms, server finish {serverFinish[i]:F1} ms");
        }
        Console.WriteLine($"later {count - 1}, median: {Median(wall.Skip(1)):F1} ms wall, {Median(cpu.Skip(1)):F1} ms CPU (both ends), " +
                          $"server flight {Median(serverFlight.Skip(1)):F2} ms, server finish {Median(serverFinish.Skip(1)):F2} ms, " +
                          $"start → ClientHello at the server {Median(clientHello.Skip(1)):F2} ms, client flight {Median(clientFlight.Skip(1)):F2} ms, threads started {Median(threads.Skip(1)):F2} ms; last 5 wall: " +
                          string.Join(", ", wall.TakeLast(5).Select(w => w.ToString("F1"))) + $" ms; load {LoadAverage()}");
        return 0;
    }

    private static async Task<(DtlsHandshakeTimings Client, DtlsHandshakeTimings Server)> Handshake(DtlsCertificate clientCertificate, DtlsCertificate serverCertificate)
    {
        DtlsTransport? serverTransport = null;
        var options = new DtlsTransportOptions { InitialRetransmitTimeout = TimeSpan.FromSeconds(1) };
        using var clientTransport = new DtlsTransport(DtlsRole.Client, clientCertificate, serverCertificate.Fingerprint,
            d => serverTransport!.OnDatagram(d.Span), options);
        using var server = serverTransport = new DtlsTransport(DtlsRole.Server, serverCertificate, clientCertificate.Fingerprint,
            d => clientTransport.OnDatagram(d.Span), options);
        Task serverDone = server.Start();
        await clientTransport.Start().WaitAsync(TimeSpan.FromSeconds(30));
        await serverDone.WaitAsync(TimeSpan.FromSeconds(30));
        return (clientTransport.Timings, server.Timings);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[sorted.Length / 2];
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" / ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}

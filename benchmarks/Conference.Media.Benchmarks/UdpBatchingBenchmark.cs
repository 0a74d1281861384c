using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Conference.Media.Transport;

namespace Conference.Media.Benchmarks;

/// <summary>
/// Per-packet CPU cost of the receive loop with and without recvmmsg/sendmmsg batching, over real loopback UDP:
/// a sender thread blasts 1200-byte datagrams at a <see cref="UdpDatagramSocket"/> whose handler forwards each to
/// <see cref="FanOut"/> sink sockets (an SFU's fan-out without SRTP). CPU = this process's user+system time, so the
/// sender's own sendto cost is in both figures; a sender-only run measures it, to subtract. Rounds alternate the modes
/// so a change in the machine's load hits both. Bounded: a fixed packet count, and a deadline per run.
/// <c>dotnet run -c Release --project benchmarks/Conference.Media.Benchmarks -- udp-batching [packets] [rounds]</c>
/// </summary>
public static class UdpBatchingBenchmark
{
    private const int FanOut = 4;
    private const int PacketLength = 1200;
    private const int Burst = 32;
    private const int Window = 8; // bursts in flight: the socket buffer never overflows
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    public static async Task<int> RunAsync(string[] args)
    {
        int packets = args.Length > 1 && int.TryParse(args[1], out int p) ? p : 200_000;
        int rounds = args.Length > 2 && int.TryParse(args[2], out int r) ? r : 3;
        Console.WriteLine($"udp-batching: {packets:N0} packets of {PacketLength} B per run, each forwarded to {FanOut} sinks; " +
                          $"batching supported: {UdpDatagramSocket.BatchingSupported}; {Environment.ProcessorCount} CPUs; load {LoadAverage()}");
        var results = new Dictionary<string, List<double>> { ["sender only"] = [], ["unbatched"] = [], ["batched"] = [] };
        await Run(false, packets / 10, forward: true); // warm-up (JIT, tiered compilation)
        await Run(true, packets / 10, forward: true);
        for (int round = 0; round < rounds; round++)
        {
            results["sender only"].Add(await Run(false, packets, forward: false));
            results["unbatched"].Add(await Run(false, packets, forward: true));
            results["batched"].Add(await Run(true, packets, forward: true));
            Console.WriteLine($"round {round + 1}: " + string.Join(", ", results.Select(kv => $"{kv.Key} {kv.Value[^1]:F2}")) + " µs CPU/packet");
        }
        double sender = Median(results["sender only"]);
        double unbatched = Median(results["unbatched"]) - sender, batched = Median(results["batched"]) - sender;
        Console.WriteLine($"median CPU µs per packet (1 in + {FanOut} out), sender's cost ({sender:F2}) subtracted: " +
                          $"unbatched {unbatched:F2}, batched {batched:F2}, batched/unbatched {batched / unbatched:F2}; load {LoadAverage()}");
        return 0;
    }

    /// <summary>CPU µs of this process per packet sent (and, with <paramref name="forward"/>, handled and fanned out).</summary>
    private static async Task<double> Run(bool batched, int packets, bool forward)
    {
        var sinks = Enumerable.Range(0, FanOut).Select(_ => Bound(receiveBuffer: 64 << 10)).ToArray();
        SocketAddress[] sinkAddresses = sinks.Select(s => s.LocalEndPoint!.Serialize()).ToArray();
        using var credits = new SemaphoreSlim(Window);
        long handled = 0;
        UdpDatagramSocket? loop = null;
        loop = UdpDatagramSocket.Bind(new IPEndPoint(IPAddress.Loopback, 0), (datagram, _) =>
        {
            for (int i = 0; i < sinkAddresses.Length; i++) loop!.SendTo(datagram, sinkAddresses[i]);
            if (++handled % Burst == 0) credits.Release();
        }, batched: batched);
        loop.Start();
        using var sender = Bound(receiveBuffer: 64 << 10);
        SocketAddress target = forward ? loop.LocalEndPoint.Serialize() : sinkAddresses[0];
        var payload = new byte[PacketLength];
        payload[0] = 0x80; // an RTP-looking first byte (never the doorbell)
        double before = Cpu();
        var clock = Stopwatch.StartNew();
        for (int sent = 0; sent < packets; sent += Burst)
        {
            if (forward && !await credits.WaitAsync(Deadline)) throw new TimeoutException($"no progress after {sent} packets");
            for (int i = 0; i < Burst; i++) sender.SendTo(payload, SocketFlags.None, target);
            if (clock.Elapsed > Deadline) throw new TimeoutException("run exceeded its deadline");
        }
        while (forward && Volatile.Read(ref handled) < packets && clock.Elapsed < Deadline) await Task.Delay(1);
        double cpu = Cpu() - before;
        await loop.DisposeAsync();
        foreach (Socket sink in sinks) sink.Dispose();
        return cpu * 1e6 / packets;
    }

    private static Socket Bound(int receiveBuffer)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = receiveBuffer };
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    private static double Cpu() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(" / ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
    }
}

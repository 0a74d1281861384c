using System.Diagnostics;
using Conference.Media.Transport;
using Conference.SfuLoad.Measure;
using Conference.SfuLoad.Media;
using Conference.SfuLoad.Signaling;

namespace Conference.SfuLoad;

/// <summary>
/// One step: rooms with P publishers (joined, published, sending) and then S subscribers (joined, subscribed, answering
/// re-offers), a warm-up, a measured window, then everyone leaves. Every wait is bounded, so a step always ends.
/// </summary>
public static class StepRunner
{
    private const int ParallelJoins = 4;
    private static readonly TimeSpan NegotiationTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(1);

    private sealed record Room(string Id, List<SyntheticPublisher> Publishers, List<MeasuringSubscriber> Subscribers);

    public static async Task<StepResult> RunAsync(ISfuSignaling signaling, LoadStep step, SfuLoadOptions options, int? serverPid,
        uint ssrcBase, ClientConnectTimes times, CancellationToken cancel)
    {
        var rooms = new List<Room>();
        var participants = new List<ISfuParticipant>();
        // Publishers send from the moment they connect (as browsers do), so the SFU's PLI for each new subscription
        // meets a live encoder and no publisher waits for the others.
        var pacing = new PacingLoop();
        // --client-receive group: one thread receives for every client socket of the step (subscribers' media, and the
        // publishers' RTCP: on .NET's socket engine each of those datagrams went epoll thread → thread pool → handler,
        // waking a pool thread for a few hundred bytes of feedback).
        var group = options.ClientReceive == "group" ? new UdpReceiveGroup("sfu-load clients", TimeSpan.FromMicroseconds(options.ClientSpinMicroseconds)) : null;
        var receive = new SubscriberReceive(options.ClientReceive == "batched", group);
        try
        {
            for (int r = 0; r < step.Rooms; r++)
            {
                rooms.Add(new Room(await signaling.CreateRoomAsync($"sfu-load {step} #{r + 1}", cancel), [], []));
            }
            // Subscribers first (the default) get an offer with the data section only and one re-offer per track as
            // publishers arrive; publishers first get every track in the first offer.
            if (options.SubscribersFirst) await StartSubscribers(signaling, step, options, receive, rooms, participants, times, cancel);
            for (int r = 0; r < rooms.Count; r++)
            {
                Room room = rooms[r];
                uint roomSsrcs = ssrcBase + (uint)(r * 0x1000);
                await StartAll(step.Publishers, room.Publishers, async i =>
                {
                    var (participant, joinStarted) = await Join(signaling, room.Id, $"publisher {i}", "publisher", participants, times, cancel);
                    var publisher = await SyntheticPublisher.StartAsync(participant, options.Media, roomSsrcs + (uint)(16 * i),
                        signaling.ClientAddress, group, times, cancel);
                    pacing.Add(publisher);
                    return publisher;
                });
            }
            if (!options.SubscribersFirst) await StartSubscribers(signaling, step, options, receive, rooms, participants, times, cancel);
            Console.WriteLine($"  {step}: {step.Rooms * step.Publishers} publishers sending, {step.Rooms * step.Subscribers} subscribers connected");
            var result = await MeasureAsync(signaling, step, options, serverPid, rooms, pacing, participants, cancel);
            foreach (MeasuringSubscriber subscriber in rooms.SelectMany(r => r.Subscribers)) subscriber.RecordFirstPacket(times);
            return result;
        }
        finally
        {
            pacing.Dispose();
            foreach (ISfuParticipant participant in participants) await participant.LeaveAsync(CancellationToken.None);
            foreach (Room room in rooms)
            {
                foreach (SyntheticPublisher publisher in room.Publishers) await publisher.DisposeAsync();
                foreach (MeasuringSubscriber subscriber in room.Subscribers) await subscriber.DisposeAsync();
            }
            foreach (ISfuParticipant participant in participants) await participant.DisposeAsync();
            group?.Dispose();
        }
    }

    private static async Task<StepResult> MeasureAsync(ISfuSignaling signaling, LoadStep step, SfuLoadOptions options, int? serverPid, List<Room> rooms,
        PacingLoop pacing, List<ISfuParticipant> participants, CancellationToken cancel)
    {
        var subscribers = rooms.SelectMany(r => r.Subscribers).ToList();
        int tracksExpected = subscribers.Count * 2 * step.Publishers;
        int Negotiated() => subscribers.Sum(s => s.Peer.Tracks.Count);
        var waiting = Stopwatch.StartNew();
        while (Negotiated() < tracksExpected && waiting.Elapsed < NegotiationTimeout) await Task.Delay(100, cancel);
        int tracksNegotiated = Negotiated();

        await Task.Delay(options.Warmup, cancel);
        long? forwardedBefore = await signaling.ForwardedPacketsAsync(cancel);
        long? dropsBefore = UdpBufferDrops.Read();
        double? serverBefore = serverPid is { } pid ? ProcessCpu.Seconds(pid) : null;
        double? sfuCpusBefore = options.SfuCpus is { } cpus ? CpuSetTime.BusySeconds(cpus) : null;
        TimeSpan generatorBefore = Process.GetCurrentProcess().TotalProcessorTime;
        long from = Stopwatch.GetTimestamp();
        long until = from + (long)(options.Measure.TotalSeconds * Stopwatch.Frequency);
        foreach (MeasuringSubscriber subscriber in subscribers) subscriber.SetWindow(from, until);
        pacing.SetWindow(from, until);
        await Task.Delay(options.Measure, cancel);
        double? serverAfter = serverPid is { } pid2 ? ProcessCpu.Seconds(pid2) : null;
        double? sfuCpusAfter = options.SfuCpus is { } cpus2 ? CpuSetTime.BusySeconds(cpus2) : null;
        double? serverMemory = serverPid is { } pid3 ? ProcessMemory.ResidentMiB(pid3) : null;
        TimeSpan generatorAfter = Process.GetCurrentProcess().TotalProcessorTime;
        long? forwardedAfter = await signaling.ForwardedPacketsAsync(cancel);
        long? dropsAfter = UdpBufferDrops.Read();
        await Task.Delay(Drain, cancel); // packets sent at the end of the window are still on their way

        var latency = new LatencyHistogram();
        foreach (MeasuringSubscriber subscriber in subscribers) latency.Add(subscriber.Latency);
        // Every packet is decrypted (--sample 1): received = those sent in the window, by the send time in their payload.
        // Sampled: received = every packet that arrived in the window, counted from its clear header (a window of the
        // same length, shifted by the latency: equal counts in a steady state, see docs/benchmarks.md).
        long received = options.SampleEvery == 1 ? latency.Count : subscribers.Sum(s => s.Arrivals.Received);
        long sent = rooms.Sum(r => r.Publishers.Sum(p => p.SentInWindow));
        long expected = rooms.Sum(r => r.Publishers.Sum(p => p.SentInWindow) * r.Subscribers.Count);
        string? problem = participants.Select(p => p.Failure).FirstOrDefault(f => f is not null)
            ?? subscribers.Select(s => s.RefusedOffer).FirstOrDefault(f => f is not null);
        if (tracksNegotiated < tracksExpected)
        {
            problem ??= $"only {tracksNegotiated} of {tracksExpected} subscriber tracks were negotiated within {NegotiationTimeout.TotalSeconds:0} s";
        }
        return new StepResult(step, options.Measure, sent, expected, received, forwardedAfter - forwardedBefore, dropsAfter - dropsBefore,
            latency.Quantile(0.5), latency.Quantile(0.99),
            serverBefore is { } b && serverAfter is { } a ? a - b : null,
            (generatorAfter - generatorBefore).TotalSeconds,
            tracksNegotiated, tracksExpected,
            rooms.Sum(r => r.Publishers.Sum(p => p.KeyframeRequests)),
            participants.Sum(p => p.ReOffersAnswered),
            subscribers.Sum(s => s.Foreign + s.Retransmissions),
            problem, serverMemory,
            subscribers.Sum(s => s.Arrivals.Lost), subscribers.Sum(s => s.Arrivals.Reordered), latency.Count,
            sfuCpusAfter - sfuCpusBefore);
    }

    private static async Task StartSubscribers(ISfuSignaling signaling, LoadStep step, SfuLoadOptions options, SubscriberReceive receive, List<Room> rooms, List<ISfuParticipant> participants,
        ClientConnectTimes times, CancellationToken cancel)
    {
        foreach (Room room in rooms)
        {
            await StartAll(step.Subscribers, room.Subscribers, async i =>
            {
                var (participant, joinStarted) = await Join(signaling, room.Id, $"subscriber {i}", "subscriber", participants, times, cancel);
                return await MeasuringSubscriber.StartAsync(participant, signaling.ClientAddress, joinStarted, times,
                    options.SampleEvery, receive, cancel);
            });
        }
    }

    private static async Task<(ISfuParticipant, long JoinStarted)> Join(ISfuSignaling signaling, string roomId, string name, string side,
        List<ISfuParticipant> all, ClientConnectTimes times, CancellationToken cancel)
    {
        long started = Stopwatch.GetTimestamp();
        ISfuParticipant participant = await signaling.JoinAsync(roomId, name, cancel);
        times.Add(side, "join", started, Stopwatch.GetTimestamp());
        lock (all) all.Add(participant);
        return (participant, started);
    }

    /// <summary>
    /// A few at a time (joins write the room's state, and each DTLS handshake costs the SFU CPU). Each one started is
    /// added to <paramref name="started"/> at once, so a failure of another still leaves it to be disposed.
    /// </summary>
    private static async Task StartAll<T>(int count, List<T> started, Func<int, Task<T>> start)
    {
        for (int i = 0; i < count; i += ParallelJoins)
        {
            await Task.WhenAll(Enumerable.Range(i, Math.Min(ParallelJoins, count - i)).Select(async k =>
            {
                T item = await start(k);
                lock (started) started.Add(item);
            }));
        }
    }
}

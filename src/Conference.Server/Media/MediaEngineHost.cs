using System.Diagnostics.Metrics;
using System.Net;
using Conference.Media.Peer;
using Conference.Server.Hosting;

namespace Conference.Server.Media;

/// <summary>The "Conference:Media" section: the SFU silo's media engines (one UDP port and receive loop each).</summary>
public sealed class MediaOptions
{
    public const string Section = "Conference:Media";

    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>
    /// UDP port of the first engine; engine i listens on Port + i (ICE-lite, every session of its rooms demultiplexed
    /// on it). 0 = any free port for each.
    /// </summary>
    public int Port { get; set; }

    /// <summary>The address put in our ICE candidates when clients reach us through NAT or a Kubernetes node.</summary>
    public string? AnnouncedAddress { get; set; }

    /// <summary>Media engines (receive loops) on this silo; 0 = one per core, as mediasoup runs a worker per core.</summary>
    public int Engines { get; set; }

    /// <summary>Receive and send with recvmmsg/sendmmsg on Linux (docs/benchmarks.md, udp-batching); false = one system call per datagram.</summary>
    public bool Batching { get; set; } = true;

    /// <summary>With batching: send a subscriber's packets of one flush as one UDP_SEGMENT send where they allow it
    /// (docs/benchmarks.md, segmentation offload); false = one message per datagram.</summary>
    public bool SegmentationOffload { get; set; } = true;

    /// <summary>Pace what the SFU sends each subscriber (estimate × 2.5, docs/media.md); false sends as it arrives (measurement, docs/benchmarks.md).</summary>
    public bool Pacing { get; set; } = true;

    public int EngineCount => Engines > 0 ? Engines : Environment.ProcessorCount;

    /// <summary>
    /// This silo's ceilings: past any of them it is full and takes no new rooms (its rooms keep going). Forwarded =
    /// published tracks + subscriptions, a room counting at least 1; egress = what the media sockets send; CPU = the
    /// process's share of all cores.
    /// </summary>
    public int MaxForwarded { get; set; } = 2000;
    public double MaxEgressMbps { get; set; } = 1000;
    public double MaxCpuPercent { get; set; } = 85;

    /// <summary>
    /// Drain (SIGTERM or the admin API): after every room's media was moved, the old routers keep forwarding this long
    /// while the participants renegotiate on the new ones; then the process exits.
    /// </summary>
    public TimeSpan DrainGrace { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>
/// Starts this silo's media engines when it has the `sfu` role: the silo-local service media grains drive. Each engine
/// has its own UDP port and receive loop, and a room's router lives on one of them; the hot path runs on that loop and
/// never crosses a grain call. Exports the engines' counters (tagged by engine).
/// </summary>
public sealed class MediaEngineHost(MediaOptions options, ConferenceOptions conference, Conference.Grains.Media.SfuEngine sfu,
    IServiceProvider services, ILogger<MediaEngineHost> logger) : IHostedService, IAsyncDisposable
{
    private static readonly TimeSpan LoadReportInterval = TimeSpan.FromSeconds(2);
    private Timer? _loadReports;
    private readonly SfuLoadMeter _loadMeter = new(options);
    public const string MeterName = "Conference.Media";
    private IReadOnlyList<MediaEngine> _engines = [];
    // One meter for the engines, disposed with them, so its observable instruments never outlive (or read) a stopped engine.
    private Meter? _meter;

    /// <summary>The first engine (tests and tools that need one address).</summary>
    public MediaEngine Engine => Engines is [var first, ..] ? first
        : throw new InvalidOperationException("This process has no media engine (sfu role) or it has not started.");

    public IReadOnlyList<MediaEngine> Engines => Volatile.Read(ref _engines);

    public bool IsRunning => Engines.Count > 0;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!conference.RoleSet.Contains(ServerRoles.Sfu)) return;
        var engines = new List<MediaEngine>();
        try
        {
            for (int i = 0; i < options.EngineCount; i++) engines.Add(StartEngine(options.Port == 0 ? 0 : options.Port + i));
        }
        catch
        {
            foreach (var started in engines) await started.DisposeAsync();
            throw;
        }
        Volatile.Write(ref _engines, engines);
        sfu.Engines = engines;
        _meter = new Meter(MeterName);
        RegisterInstruments(_meter, engines);
        RegisterSfuInstruments(_meter, sfu);
        RegisterConnectPhases(_meter, engines, sfu);
        DataChannelMetrics.Register(_meter, sfu.DataCounters);
        logger.LogInformation("{Count} media engine(s) listening on udp/{EndPoints}", engines.Count,
            string.Join(", ", engines.Select(e => e.LocalEndPoint)));
        // The first DTLS handshake of a process compiles BouncyCastle's code (~400 ms on a busy machine): done now, in
        // the background, rather than in the first participant's connect time.
        _ = Conference.Media.Dtls.DtlsWarmUp.EnsureStarted().ContinueWith(t => logger.LogWarning(t.Exception, "DTLS warm-up handshake failed"),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        _loadReports = new Timer(_ => _ = ReportLoad(), null, TimeSpan.Zero, LoadReportInterval);
    }

    private MediaEngine StartEngine(int port) => MediaEngine.Start(new MediaEngineOptions
    {
        BindAddress = IPAddress.Parse(options.BindAddress),
        Port = port,
        Batching = options.Batching,
        SegmentationOffload = options.SegmentationOffload,
        Pacing = options.Pacing,
        AnnouncedAddress = options.AnnouncedAddress is { Length: > 0 } announced ? IPAddress.Parse(announced) : null,
        // A fault on the loop or a DTLS thread is a bug or a failed association: never silent (and counted).
        Faulted = (source, error) => logger.LogError(error, "Media engine fault ({Source}) on port {Port}", source, port),
    });

    /// <summary>What this silo carries, for the placement of new rooms' media routers.</summary>
    private async Task ReportLoad()
    {
        try
        {
            if (!IsRunning || services.GetService<Orleans.Runtime.ILocalSiloDetails>() is not { } silo) return;
            var load = _loadMeter.Measure(silo.SiloAddress.ToParsableString(), silo.Name, sfu, Engines);
            await services.GetRequiredService<IGrainFactory>().GetGrain<Conference.Media.ISfuLoadGrain>("all").Report(load);
        }
        catch (Exception ex)
        {
            logger.LogDebug(ex, "SFU load report not delivered (the cluster may be starting or stopping)");
        }
    }

    /// <summary>Reports now (a drain must reach placement at once, not at the next tick).</summary>
    public Task ReportLoadNow() => ReportLoad();

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _loadReports, null) is { } reports) await reports.DisposeAsync();
        sfu.Engines = [];
        Interlocked.Exchange(ref _meter, null)?.Dispose();
        foreach (var engine in Interlocked.Exchange(ref _engines, [])) await engine.DisposeAsync();
    }

    private static void RegisterInstruments(Meter meter, IReadOnlyList<MediaEngine> engines)
    {
        meter.CreateObservableCounter("conference.media.datagrams", () => PerEngine(engines, c =>
            [(c.DatagramsReceived, "direction", "in"), (c.DatagramsSent, "direction", "out")]), description: "UDP datagrams on the SFU sockets");
        meter.CreateObservableCounter("conference.media.bytes", () => PerEngine(engines, c =>
            [(c.BytesReceived, "direction", "in"), (c.BytesSent, "direction", "out")]), unit: "By", description: "Bytes on the SFU sockets");
        meter.CreateObservableCounter("conference.media.rtp_received", () => PerEngine(engines, c => [(c.RtpReceived, "", "")]),
            description: "RTP packets decrypted and delivered");
        meter.CreateObservableCounter("conference.media.dropped", () => PerEngine(engines, c =>
        [
            (c.DroppedUnknownAddress, "reason", "unverified_address"), (c.DroppedUnclassified, "reason", "unclassified"),
            (c.DroppedNoKeys, "reason", "no_keys"), (c.DroppedUnroutableRtp, "reason", "unroutable"),
            (c.SrtpAuthenticationFailures, "reason", "srtp_auth"), (c.SrtpReplays, "reason", "srtp_replay"),
            (c.SrtpMalformed, "reason", "srtp_malformed"), (c.StunBadIntegrity, "reason", "stun_bad_integrity"),
            (c.StunMalformed, "reason", "stun_malformed"), (c.SendsWithoutConsent, "reason", "no_consent"),
        ]), description: "Datagrams dropped (or sends refused), by reason");
        meter.CreateObservableCounter("conference.media.faults", () => PerEngine(engines, c =>
            [(c.LoopFaults, "source", "loop"), (c.DtlsFaults, "source", "dtls")]),
            description: "Exceptions the media plane caught and survived (receive loop handlers and posted work, DTLS threads), each logged");
        meter.CreateObservableCounter("conference.media.segmentation", () => PerEngine(engines, c =>
            [(c.SegmentedSends, "kind", "sends"), (c.SegmentedDatagrams, "kind", "datagrams"), (c.SegmentationRefusals, "kind", "refused")]),
            description: "UDP segmentation offload on the SFU sockets: sends that carried several datagrams to one subscriber, the datagrams they carried, and sends the kernel refused (the engine then sends one datagram per message)");
        meter.CreateObservableGauge("conference.media.peers", () => engines.Select((e, i) =>
            new Measurement<int>(e.Peers.Count, new KeyValuePair<string, object?>("engine", i))), description: "Peer connections on this SFU, per engine");
    }

    /// <summary>One measurement per engine and value, tagged with the engine's index (and the value's own tag, if any).</summary>
    private static IEnumerable<Measurement<long>> PerEngine(IReadOnlyList<MediaEngine> engines,
        Func<MediaEngineCounters, (long Value, string Tag, string TagValue)[]> values)
    {
        for (int i = 0; i < engines.Count; i++)
        {
            var engine = new KeyValuePair<string, object?>("engine", i);
            foreach (var (value, tag, tagValue) in values(engines[i].Counters))
            {
                yield return tag.Length == 0 ? new Measurement<long>(value, engine)
                    : new Measurement<long>(value, engine, new KeyValuePair<string, object?>(tag, tagValue));
            }
        }
    }

    /// <summary>Where connect time goes (issue 14): ICE, DTLS flights, first packet, first forward; one histogram, tagged by phase.</summary>
    private static void RegisterConnectPhases(Meter meter, IReadOnlyList<MediaEngine> engines, Conference.Grains.Media.SfuEngine sfu)
    {
        var phases = meter.CreateHistogram<double>("conference.media.connect_phase", unit: "ms",
            description: "Phases of a connection's way to its first forwarded packet (phase: answer, first_check, nomination, dtls_wait, dtls_flight, dtls_remote, dtls_finish, connected, first_rtp, forward_wait; connection: publisher or subscriber)",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 2, 5, 10, 20, 35, 50, 75, 100, 150, 200, 300, 500, 750, 1000, 2000, 5000] });
        foreach (var engine in engines) engine.Counters.ConnectPhases = phases;
        sfu.Counters.ConnectPhases = phases;
    }

    /// <summary>The forwarding plane: rooms, participants and tracks on this silo, what was forwarded, feedback, latency.</summary>
    private static void RegisterSfuInstruments(Meter meter, Conference.Grains.Media.SfuEngine sfu)
    {
        var c = sfu.Counters;
        c.ForwardingLatency = meter.CreateHistogram<double>("conference.sfu.forwarding_latency", unit: "ms",
            description: "Time from a publisher packet's decryption to its last copy sent to the subscribers (rewrite, SRTP protect, send)");
        c.TimeToFirstForward = meter.CreateHistogram<double>("conference.sfu.time_to_first_forward", unit: "ms",
            description: "From the moment a forward became possible (both ends in the room) to the first forwarded packet: a publisher's answered offer (side=publisher) or a subscriber connection's first offer (side=subscriber), or the other end's arrival when it came later; signaling, ICE, DTLS, renegotiation, forwarding wait",
            tags: null,
            // Finer than the default buckets around the 300 ms goal (issue 14), so p50/p95 read from /metrics mean something.
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [50, 100, 150, 200, 250, 300, 400, 500, 750, 1000, 1500, 2000, 3000, 5000, 10000] });
        meter.CreateObservableGauge("conference.sfu.rooms", () => sfu.Rooms.Count, description: "Rooms with media on this SFU");
        meter.CreateObservableGauge("conference.sfu.draining", () => sfu.Draining ? 1 : 0,
            description: "1 while this SFU silo drains (takes no new rooms, moves its rooms' media away before it stops)");
        meter.CreateObservableGauge("conference.sfu.engine_load", () => sfu.Engines.Select((e, i) =>
            new Measurement<int>(sfu.EngineLoad(e), new KeyValuePair<string, object?>("engine", i))),
            description: "Published tracks + subscriptions of the rooms on each media engine (what engine placement balances)");
        meter.CreateObservableGauge("conference.sfu.participants", () => sfu.Rooms.Sum(r => r.ParticipantCount), description: "Participants with media connections on this SFU");
        meter.CreateObservableGauge("conference.sfu.tracks", () => new[]
        {
            new Measurement<int>(sfu.Rooms.Sum(r => r.PublishedTrackCount), new KeyValuePair<string, object?>("direction", "published")),
            new Measurement<int>(sfu.Rooms.Sum(r => r.SubscriptionCount), new KeyValuePair<string, object?>("direction", "subscribed")),
        }, description: "Published tracks and subscriptions (track x subscriber) forwarded on this SFU");
        meter.CreateObservableCounter("conference.sfu.forwarded_packets", () => c.ForwardedPackets, description: "RTP packets sent to subscribers (incl. retransmissions)");
        meter.CreateObservableCounter("conference.sfu.forwarded_bytes", () => c.ForwardedBytes, unit: "By", description: "RTP bytes sent to subscribers");
        meter.CreateObservableCounter("conference.sfu.feedback", () => new[]
        {
            new Measurement<long>(c.NacksReceived, new KeyValuePair<string, object?>("type", "nack_received")),
            new Measurement<long>(c.KeyframeRequestsReceived, new KeyValuePair<string, object?>("type", "pli_fir_received")),
            new Measurement<long>(c.KeyframeRequestsSent, new KeyValuePair<string, object?>("type", "pli_fir_sent")),
            new Measurement<long>(c.PublisherReports, new KeyValuePair<string, object?>("type", "rr_remb_sent")),
            new Measurement<long>(c.SubscriberReports, new KeyValuePair<string, object?>("type", "sr_sent")),
        }, description: "RTCP feedback: NACKs and keyframe requests from subscribers, keyframe requests to publishers, reports sent");
        meter.CreateObservableCounter("conference.sfu.retransmissions", () => c.Retransmissions, description: "Packets resent from the cache to answer NACKs");
        meter.CreateObservableCounter("conference.sfu.streams_handed_over", () => c.StreamsHandedOver,
            description: "Simulcast streams (SSRC and rid) an earlier router learned, given to a router here at a media move");
        c.SubscriberEstimate = meter.CreateHistogram<double>("conference.sfu.subscriber_estimate", unit: "bit/s",
            description: "Each subscriber's downlink bandwidth estimate when its simulcast layers are chosen (about twice a second)");
        meter.CreateObservableCounter("conference.sfu.layer_switches", () => c.LayerSwitches, description: "Simulcast layer changes made for subscribers (at a keyframe of the new layer)");
        meter.CreateObservableCounter("conference.sfu.bandwidth_layer_switches", () => c.BandwidthLayerSwitches,
            description: "Of the layer switches, those a subscriber's bandwidth estimate caused (the others followed its view)");
        meter.CreateObservableCounter("conference.sfu.transport_cc_feedback", () => c.TransportCcFeedback,
            description: "Transport-wide congestion control feedback packets from subscribers applied to their estimates");
        meter.CreateObservableCounter("conference.sfu.estimate_changes", () => new[]
        {
            new Measurement<long>(c.DelayDecreases, new KeyValuePair<string, object?>("cause", "delay")),
            new Measurement<long>(c.LossDecreases, new KeyValuePair<string, object?>("cause", "loss")),
            new Measurement<long>(c.ProbeIncreases, new KeyValuePair<string, object?>("cause", "probe")),
        }, description: "Subscriber estimate changes: decreases for delay over-use or loss, increases from a probe the link carried");
        meter.CreateObservableCounter("conference.sfu.probe_clusters", () => c.ProbeClusters, description: "Bandwidth probe clusters started (padding on RTX)");
        meter.CreateObservableCounter("conference.sfu.probe_padding", () => c.ProbePaddingBytes, description: "RTP bytes of probe padding sent");
        var pacing = c.Pacing;
        pacing.QueueDelay = meter.CreateHistogram<double>("conference.sfu.pacer_queue_delay", unit: "ms",
            description: "Per tick of a subscriber's pacer that sent queued packets: the longest any of them waited",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 5, 10, 25, 50, 100, 200, 350, 500, 1000] });
        meter.CreateObservableGauge("conference.sfu.pacer_queued_packets", () => pacing.QueuedPackets,
            description: "Packets waiting in subscribers' pacers");
        meter.CreateObservableGauge("conference.sfu.pacer_queued_bytes", () => pacing.QueuedBytes, unit: "By",
            description: "RTP bytes waiting in subscribers' pacers");
        meter.CreateObservableCounter("conference.sfu.pacer_delayed_packets", () => pacing.DelayedPackets,
            description: "Packets a subscriber's pacer held back before sending (the others went straight out)");
        meter.CreateObservableCounter("conference.sfu.pacer_dropped", () => new[]
        {
            new Measurement<long>(pacing.DroppedVideo, new KeyValuePair<string, object?>("kind", "video")),
            new Measurement<long>(pacing.DroppedRetransmissions, new KeyValuePair<string, object?>("kind", "retransmission")),
        }, description: "Packets a subscriber's pacer dropped because its queue was full");
        meter.CreateObservableCounter("conference.sfu.pacer_keyframe_restarts", () => c.PacerKeyframeRestarts,
            description: "Subscriptions restarted at a keyframe because their queued video was dropped");
        meter.CreateObservableGauge("conference.sfu.paused_layers", () => sfu.Rooms.Sum(r => r.PausedLayerCount),
            description: "Simulcast layers publishers were told to pause because no subscriber needs them (dynacast)");
    }

}

public static class MediaHosting
{
    public static WebApplicationBuilder AddConferenceMedia(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(MediaOptions.Section).Get<MediaOptions>() ?? new MediaOptions();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<Conference.Grains.Media.SfuEngine>();
        builder.Services.AddSingleton<MediaEngineHost>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<MediaEngineHost>());
        // After the engine host: stopped before it, so a SIGTERM drains while the engines and the silo still run.
        builder.Services.AddSingleton<SfuDrain>();
        // The drain (moves, then DrainGrace) and Orleans' shutdown both run within the host's shutdown timeout.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(60));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SfuDrain>());
        return builder;
    }
}

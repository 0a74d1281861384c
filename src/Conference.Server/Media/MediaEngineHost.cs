using System.Diagnostics.Metrics;
using System.Net;
using Conference.Media.Peer;
using Conference.Server.Hosting;

namespace Conference.Server.Media;

/// <summary>The "Conference:Media" section: the SFU silo's one UDP socket.</summary>
public sealed class MediaOptions
{
    public const string Section = "Conference:Media";

    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>UDP port for all media of this silo (ICE-lite, every session demultiplexed on it); 0 = any free port.</summary>
    public int Port { get; set; }

    /// <summary>The address put in our ICE candidates when clients reach us through NAT or a Kubernetes node.</summary>
    public string? AnnouncedAddress { get; set; }
}

/// <summary>
/// Starts this silo's media engine when it has the `sfu` role: the silo-local service media grains drive. The hot
/// path runs on the engine's own receive loop and never crosses a grain call. Exports the engine's counters.
/// </summary>
public sealed class MediaEngineHost(MediaOptions options, ConferenceOptions conference, Conference.Grains.Media.SfuEngine sfu,
    IServiceProvider services, ILogger<MediaEngineHost> logger) : IHostedService, IAsyncDisposable
{
    private static readonly TimeSpan LoadReportInterval = TimeSpan.FromSeconds(2);
    private Timer? _loadReports;
    public const string MeterName = "Conference.Media";
    private MediaEngine? _engine;
    // One meter per engine, disposed with it, so its observable instruments never outlive (or read) a stopped engine.
    private Meter? _meter;

    public MediaEngine Engine => _engine ?? throw new InvalidOperationException("This process has no media engine (sfu role) or it has not started.");

    public bool IsRunning => _engine is not null;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!conference.RoleSet.Contains(ServerRoles.Sfu)) return Task.CompletedTask;
        _engine = MediaEngine.Start(new MediaEngineOptions
        {
            BindAddress = IPAddress.Parse(options.BindAddress),
            Port = options.Port,
            AnnouncedAddress = options.AnnouncedAddress is { Length: > 0 } announced ? IPAddress.Parse(announced) : null,
            // A fault on the loop or a DTLS thread is a bug or a failed association: never silent (and counted).
            Faulted = (source, error) => logger.LogError(error, "Media engine fault ({Source})", source),
        });
        sfu.Engine = _engine;
        _meter = new Meter(MeterName);
        RegisterInstruments(_meter, _engine);
        RegisterSfuInstruments(_meter, sfu);
        DataChannelMetrics.Register(_meter, sfu.DataCounters);
        logger.LogInformation("Media engine listening on udp/{EndPoint}", _engine.LocalEndPoint);
        _loadReports = new Timer(_ => _ = ReportLoad(), null, TimeSpan.Zero, LoadReportInterval);
        return Task.CompletedTask;
    }

    /// <summary>What this silo forwards, for the least-loaded placement of new rooms' media routers.</summary>
    private async Task ReportLoad()
    {
        try
        {
            var silo = services.GetService<Orleans.Runtime.ILocalSiloDetails>();
            if (silo is null || _engine is null) return;
            await services.GetRequiredService<IGrainFactory>().GetGrain<Conference.Media.ISfuLoadGrain>("all")
                .Report(silo.SiloAddress.ToParsableString(), sfu.Load);
        }
        catch (Exception ex)
        {
            logger.LogDebug(ex, "SFU load report not delivered (the cluster may be starting or stopping)");
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _loadReports, null) is { } reports) await reports.DisposeAsync();
        sfu.Engine = null;
        Interlocked.Exchange(ref _meter, null)?.Dispose();
        if (Interlocked.Exchange(ref _engine, null) is { } engine) await engine.DisposeAsync();
    }

    private static void RegisterInstruments(Meter meter, MediaEngine engine)
    {
        var c = engine.Counters;
        meter.CreateObservableCounter("conference.media.datagrams", () => new[]
        {
            new Measurement<long>(c.DatagramsReceived, new KeyValuePair<string, object?>("direction", "in")),
            new Measurement<long>(c.DatagramsSent, new KeyValuePair<string, object?>("direction", "out")),
        }, description: "UDP datagrams on the SFU socket");
        meter.CreateObservableCounter("conference.media.bytes", () => new[]
        {
            new Measurement<long>(c.BytesReceived, new KeyValuePair<string, object?>("direction", "in")),
            new Measurement<long>(c.BytesSent, new KeyValuePair<string, object?>("direction", "out")),
        }, unit: "By", description: "Bytes on the SFU socket");
        meter.CreateObservableCounter("conference.media.rtp_received", () => c.RtpReceived, description: "RTP packets decrypted and delivered");
        meter.CreateObservableCounter("conference.media.dropped", () => new[]
        {
            Dropped(c.DroppedUnknownAddress, "unverified_address"), Dropped(c.DroppedUnclassified, "unclassified"),
            Dropped(c.DroppedNoKeys, "no_keys"), Dropped(c.DroppedUnroutableRtp, "unroutable"),
            Dropped(c.SrtpAuthenticationFailures, "srtp_auth"), Dropped(c.SrtpReplays, "srtp_replay"),
            Dropped(c.SrtpMalformed, "srtp_malformed"), Dropped(c.StunBadIntegrity, "stun_bad_integrity"),
            Dropped(c.StunMalformed, "stun_malformed"), Dropped(c.SendsWithoutConsent, "no_consent"),
        }, description: "Datagrams dropped (or sends refused), by reason");
        meter.CreateObservableCounter("conference.media.faults", () => new[]
        {
            new Measurement<long>(c.LoopFaults, new KeyValuePair<string, object?>("source", "loop")),
            new Measurement<long>(c.DtlsFaults, new KeyValuePair<string, object?>("source", "dtls")),
        }, description: "Exceptions the media plane caught and survived (receive loop handlers and posted work, DTLS threads), each logged");
        meter.CreateObservableGauge("conference.media.peers", () => engine.Peers.Count, description: "Peer connections on this SFU");
    }

    /// <summary>The forwarding plane: rooms, participants and tracks on this silo, what was forwarded, feedback, latency.</summary>
    private static void RegisterSfuInstruments(Meter meter, Conference.Grains.Media.SfuEngine sfu)
    {
        var c = sfu.Counters;
        c.ForwardingLatency = meter.CreateHistogram<double>("conference.sfu.forwarding_latency", unit: "ms",
            description: "Time from a publisher packet's decryption to its last copy sent to the subscribers (rewrite, SRTP protect, send)");
        meter.CreateObservableGauge("conference.sfu.rooms", () => sfu.Rooms.Count, description: "Rooms with media on this SFU");
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
    }

    private static Measurement<long> Dropped(long value, string reason) => new(value, new KeyValuePair<string, object?>("reason", reason));
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
        return builder;
    }
}

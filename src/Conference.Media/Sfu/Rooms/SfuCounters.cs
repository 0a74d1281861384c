using System.Diagnostics.Metrics;

namespace Conference.Media.Sfu.Rooms;

/// <summary>
/// SFU totals for one media engine (all its rooms), read by the metrics exporter. Counters are bumped on the
/// receive loop with Interlocked; the latency histogram records without allocating (no tags).
/// </summary>
public sealed class SfuCounters
{
    private long _forwardedPackets, _forwardedBytes, _nacksReceived, _keyframeRequestsReceived, _retransmissions;
    private long _keyframeRequestsSent, _publisherReports, _subscriberReports, _layerSwitches, _bandwidthLayerSwitches;
    private long _transportCcFeedback, _probeClusters, _probePaddingBytes, _delayDecreases, _lossDecreases, _probeIncreases;
    private long _streamsHandedOver;
    private long _pacerKeyframeRestarts;

    /// <summary>The subscribers' pacers on this engine: queued packets and bytes, waits, drops.</summary>
    public Pacing.PacerTotals Pacing { get; } = new();

    /// <summary>Each subscriber's bandwidth estimate when its layers are chosen (about twice a second), in bit/s.</summary>
    public Histogram<double>? SubscriberEstimate { get; set; }

    /// <summary>Receive-to-send time of a forwarded packet (route → rewrite → protect → send, all subscribers), in ms.</summary>
    public Histogram<double>? ForwardingLatency { get; set; }

    /// <summary>
    /// Connect time as users feel it, in ms, from the moment a forward became possible — both ends in the room — to the
    /// first packet forwarded: for a publisher (side=publisher), from its offer being answered (or, when no subscriber
    /// connection was in the room yet, from the first one's offer) to its first packet forwarded to anyone; for a
    /// subscriber connection (side=subscriber), from its first offer (or, when no publisher connection was in the room
    /// yet, from the first one's answer) to its first forwarded packet. Signaling, ICE, DTLS (and any lost flight's
    /// retransmission), renegotiation and the forwarding wait are all in it; the wait for the other end to arrive is not.
    /// </summary>
    public Histogram<double>? TimeToFirstForward { get; set; }

    /// <summary>
    /// The forwarding end of connect time, in ms, by phase and connection (the engines' connect phases go to the same
    /// histogram): <c>first_rtp</c> (a publisher connected → its first RTP packet decrypted) and <c>forward_wait</c>
    /// (→ the first packet forwarded: from that first packet for a publisher, from connected for a subscriber, or from
    /// the other end's arrival when that came later).
    /// </summary>
    public Histogram<double>? ConnectPhases { get; set; }

    internal void ConnectPhase(string phase, string connection, long from, long to)
    {
        if (from == 0 || to == 0) return;
        ConnectPhases?.Record(Math.Max(0, System.Diagnostics.Stopwatch.GetElapsedTime(from, to).TotalMilliseconds),
            new KeyValuePair<string, object?>("phase", phase), new KeyValuePair<string, object?>("connection", connection));
    }

    /// <summary>The same samples, kept for tests and tools that read them in process (the last 1024).</summary>
    public IReadOnlyList<(string Side, double Milliseconds)> FirstForwardSamples
    {
        get { lock (_firstForwards) return _firstForwards.ToArray(); }
    }

    private readonly Queue<(string, double)> _firstForwards = new();

    internal void FirstForward(string side, TimeSpan elapsed)
    {
        double ms = elapsed.TotalMilliseconds;
        TimeToFirstForward?.Record(ms, new KeyValuePair<string, object?>("side", side));
        lock (_firstForwards)
        {
            if (_firstForwards.Count == 1024) _firstForwards.Dequeue();
            _firstForwards.Enqueue((side, ms));
        }
    }

    public long ForwardedPackets => Interlocked.Read(ref _forwardedPackets);
    public long ForwardedBytes => Interlocked.Read(ref _forwardedBytes);
    public long NacksReceived => Interlocked.Read(ref _nacksReceived);
    public long KeyframeRequestsReceived => Interlocked.Read(ref _keyframeRequestsReceived);
    public long Retransmissions => Interlocked.Read(ref _retransmissions);
    public long KeyframeRequestsSent => Interlocked.Read(ref _keyframeRequestsSent);
    public long PublisherReports => Interlocked.Read(ref _publisherReports);
    public long SubscriberReports => Interlocked.Read(ref _subscriberReports);

    internal void Forwarded(int bytes)
    {
        Interlocked.Increment(ref _forwardedPackets);
        Interlocked.Add(ref _forwardedBytes, bytes);
    }

    /// <summary>Simulcast layer changes made for subscribers (each at a keyframe of the new layer).</summary>
    public long LayerSwitches => Interlocked.Read(ref _layerSwitches);

    internal void LayerSwitched(long count) => Interlocked.Add(ref _layerSwitches, count);

    /// <summary>Of <see cref="LayerSwitches"/>, those the subscriber's bandwidth estimate caused (the rest followed its view).</summary>
    public long BandwidthLayerSwitches => Interlocked.Read(ref _bandwidthLayerSwitches);

    internal void BandwidthLayerSwitched(long count) => Interlocked.Add(ref _bandwidthLayerSwitches, count);

    /// <summary>Transport-wide congestion control feedback packets applied to subscriber estimates.</summary>
    public long TransportCcFeedback => Interlocked.Read(ref _transportCcFeedback);

    /// <summary>Probe clusters started, and the padding bytes (RTP) they sent.</summary>
    public long ProbeClusters => Interlocked.Read(ref _probeClusters);
    public long ProbePaddingBytes => Interlocked.Read(ref _probePaddingBytes);

    /// <summary>Subscriber estimate changes by cause: delay over-use decreases, loss decreases, probe increases.</summary>
    public long DelayDecreases => Interlocked.Read(ref _delayDecreases);
    public long LossDecreases => Interlocked.Read(ref _lossDecreases);
    public long ProbeIncreases => Interlocked.Read(ref _probeIncreases);

    internal void TransportCcFeedbackApplied(int count) => Interlocked.Add(ref _transportCcFeedback, count);
    internal void ProbeStarted() => Interlocked.Increment(ref _probeClusters);
    internal void ProbePaddingSent(int bytes) => Interlocked.Add(ref _probePaddingBytes, bytes);

    internal void EstimateChanges(long delayDecreases, long lossDecreases, long probeIncreases)
    {
        if (delayDecreases > 0) Interlocked.Add(ref _delayDecreases, delayDecreases);
        if (lossDecreases > 0) Interlocked.Add(ref _lossDecreases, lossDecreases);
        if (probeIncreases > 0) Interlocked.Add(ref _probeIncreases, probeIncreases);
    }

    /// <summary>Subscriptions restarted at a keyframe because the subscriber's pacer dropped their queued video.</summary>
    public long PacerKeyframeRestarts => Interlocked.Read(ref _pacerKeyframeRestarts);

    internal void PacerKeyframeRestart() => Interlocked.Increment(ref _pacerKeyframeRestarts);

    internal void NackReceived() => Interlocked.Increment(ref _nacksReceived);
    internal void KeyframeRequestReceived() => Interlocked.Increment(ref _keyframeRequestsReceived);
    internal void Retransmitted() => Interlocked.Increment(ref _retransmissions);
    internal void KeyframeRequestSent() => Interlocked.Increment(ref _keyframeRequestsSent);
    internal void PublisherReportSent() => Interlocked.Increment(ref _publisherReports);
    internal void SubscriberReportSent() => Interlocked.Increment(ref _subscriberReports);

    /// <summary>Simulcast streams an earlier router learned, handed to this one at a media move (recognised by SSRC alone).</summary>
    public long StreamsHandedOver => Interlocked.Read(ref _streamsHandedOver);

    internal void StreamHandedOver() => Interlocked.Increment(ref _streamsHandedOver);
}

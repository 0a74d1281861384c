using System.Diagnostics;
using Conference.Media.Peer;
using Conference.Media.Rtp;

namespace Conference.Media.Sfu.Rooms;

/// <summary>One published track being forwarded: the room's record, the publisher's section and its fan-out.</summary>
internal sealed class ForwardedTrack(SfuTrackInfo info, string publisherId, PeerTrack section, PublishedTrackFanout fanout, int audioLevelId)
{
    public SfuTrackInfo Info { get; set; } = info;
    public string PublisherId { get; } = publisherId;
    public PeerTrack Section { get; } = section;
    public PublishedTrackFanout Fanout { get; } = fanout;
    public int AudioLevelExtensionId { get; } = audioLevelId;

    /// <summary>Simulcast: the highest layer the publisher was last told to keep sending (dynacast); all at first.</summary>
    public int ActiveLayer { get; set; } = fanout.LayerRids.Count - 1;

    /// <summary>Simulcast: <see cref="PublishedTrackFanout.LearnedStreams"/> when the room last reported them.</summary>
    public int ReportedStreams { get; set; }
}

/// <summary>A subscriber's subscription to one forwarded track.</summary>
internal sealed record SubscriptionEntry(TrackSubscription Subscription, ForwardedTrack Track);

/// <summary>
/// One participant's media in a room: its publisher connection (what it sends, fanned out per track) and its
/// subscriber connection (what it receives). All of it belongs to the engine's receive loop: signaling changes are
/// posted there by <see cref="SfuRoom"/>, the packet handlers run there, and the one event raised elsewhere (the
/// subscriber's state, on a DTLS thread) is posted there too. The snapshots are arrays so the handlers iterate
/// without an enumerator.
/// </summary>
internal sealed partial class SfuParticipant(string id, SfuRoom room)
{
    private Dictionary<PeerTrack, ForwardedTrack> _byPublisherSection = new();
    private SubscriptionEntry[] _subscriptionSnapshot = [];
    private RtcpReportInterval? _reports;
    private long _publisherClock, _publisherFirstRtpAt;
    private bool _publisherForwarded;
    private readonly byte[] _rtcpScratch = new byte[1500];
    private Action<uint, ushort>? _onVideoDropped;

    public string Id { get; } = id;
    public WebRtcPeer? Publisher { get; private set; }
    public IMediaSink? PublisherSink { get; private set; }
    public WebRtcPeer? Subscriber { get; private set; }
    public SubscriberSink? SubscriberSink { get; private set; }
    public IReadOnlyList<SfuTrackInfo> Tracks { get; set; } = [];

    /// <summary>Simulcast streams of this participant's tracks that earlier routers learned (handed over at a media move).</summary>
    public IReadOnlyList<SfuStream> KnownStreams { get; set; } = [];

    /// <summary>Room track id → what this participant publishes and we forward.</summary>
    public Dictionary<string, ForwardedTrack> Published { get; } = new(StringComparer.Ordinal);

    /// <summary>Room track id (of another participant) → this participant's subscription to it.</summary>
    public Dictionary<string, SubscriptionEntry> Subscriptions { get; } = new(StringComparer.Ordinal);

    /// <summary>The subscriber's tracks changed since its last offer.</summary>
    public bool NeedsOffer { get; set; }

    public void PublishSnapshots()
    {
        Volatile.Write(ref _byPublisherSection, Published.Values.ToDictionary(t => t.Section));
        Volatile.Write(ref _subscriptionSnapshot, Subscriptions.Values.ToArray());
    }

    public void AttachPublisher(WebRtcPeer peer, SfuCounters counters)
    {
        if (Publisher is { } previous)
        {
            previous.RtpReceived -= OnPublisherRtp;
            previous.RtcpReceived -= OnPublisherRtcp;
        }
        Publisher = peer;
        PublisherSink = new PublisherSink(peer, counters);
        _publisherClock = 0; // started by the room: now if a subscriber connection is there, else when one comes
        _publisherFirstRtpAt = 0;
        _publisherForwarded = false;
        _reports = new RtcpReportInterval(TimeSpan.FromSeconds(1), room.Time);
        peer.RtpReceived += OnPublisherRtp;
        peer.RtcpReceived += OnPublisherRtcp;
    }

    /// <summary>
    /// Connect time (<see cref="SfuCounters.TimeToFirstForward"/>) counts from the moment a forward became possible:
    /// this publisher connection exists and the room has a subscriber connection to forward to (whichever came last).
    /// Loop only; the first call after the publisher connection was attached wins.
    /// </summary>
    public void StartPublisherClock(long now)
    {
        if (Publisher is not null && !_publisherForwarded && _publisherClock == 0) _publisherClock = now;
    }

    /// <summary>The participant left: its connections no longer reach the room's handlers.</summary>
    public void Detach()
    {
        if (Publisher is { } publisher)
        {
            publisher.RtpReceived -= OnPublisherRtp;
            publisher.RtcpReceived -= OnPublisherRtcp;
        }
        if (Subscriber is { } subscriber)
        {
            subscriber.RtcpReceived -= OnSubscriberRtcp;
            subscriber.StateChanged -= OnSubscriberState;
        }
        SubscriberSink?.Close();
    }

    /// <summary>The subscriber connection is gone (failed): the participant may Subscribe again.</summary>
    public void DetachSubscriber()
    {
        if (Subscriber is { } peer)
        {
            peer.RtcpReceived -= OnSubscriberRtcp;
            peer.StateChanged -= OnSubscriberState;
        }
        SubscriberSink?.Close();
        Subscriber = null;
        SubscriberSink = null;
        NeedsOffer = false;
    }

    public void AttachSubscriber(WebRtcPeer peer, SubscriberSink sink)
    {
        if (SubscriberSink is { } previous && previous != sink) previous.Close();
        Subscriber = peer;
        SubscriberSink = sink;
        sink.VideoDropped = _onVideoDropped ??= OnVideoDropped;
        peer.RtcpReceived += OnSubscriberRtcp;
        peer.StateChanged += OnSubscriberState;
    }

    /// <summary>
    /// A subscription forwards while the subscriber's transport is up and the track is not muted; resuming starts at
    /// the next keyframe with continuous numbering (<see cref="TrackSubscription.IsPaused"/>).
    /// </summary>
    public void ApplyPause(ForwardedTrack track)
    {
        if (Subscriptions.TryGetValue(track.Info.TrackId, out var entry)) ApplyPause(entry);
    }

    private void ApplyPause(SubscriptionEntry entry)
    {
        bool paused = entry.Track.Info.Muted || Subscriber?.State != PeerState.Connected || IsHidden(entry.Track.Info.TrackId);
        if (entry.Subscription.IsPaused != paused) entry.Subscription.IsPaused = paused;
    }

    /// <summary>Receive loop: one decrypted packet of a publisher section.</summary>
    private void OnPublisherRtp(WebRtcPeer peer, PeerTrack section, ReadOnlySpan<byte> packet)
    {
        if (!Volatile.Read(ref _byPublisherSection).TryGetValue(section, out var track) || !RtpPacket.TryParse(packet, out var header)) return;
        long start = Stopwatch.GetTimestamp();
        if (_publisherFirstRtpAt == 0)
        {
            _publisherFirstRtpAt = start;
            room.Counters.ConnectPhase("first_rtp", "publisher", peer.ConnectedTimestamp, start);
        }
        long forwardedBefore = _publisherForwarded ? 0 : room.Counters.ForwardedPackets;
        bool media = track.Fanout.OnPublisherRtp(packet, header); // false for RTX, padding-only, unknown streams
        if (media && track.Fanout.LearnedStreams != track.ReportedStreams) room.StreamsLearned(track); // once per new stream
        if (media && track.Fanout.Subscriptions.Count > 0)
        {
            room.Counters.ForwardingLatency?.Record(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            if (!_publisherForwarded && room.Counters.ForwardedPackets > forwardedBefore)
            {
                _publisherForwarded = true; // the loop forwards one packet at a time: the copies counted are this one's
                long now = Stopwatch.GetTimestamp();
                if (_publisherClock != 0) room.Counters.FirstForward("publisher", Stopwatch.GetElapsedTime(_publisherClock, now));
                room.Counters.ConnectPhase("forward_wait", "publisher", Math.Max(_publisherFirstRtpAt, _publisherClock), now);
            }
        }
        if (track.AudioLevelExtensionId > 0) room.OnAudioLevel(track.Info.TrackId, packet, header, track.AudioLevelExtensionId);
        var taps = room.Taps;
        // Media packets only: an RTX retransmission or probe (its own SSRC) would read as a new source to a recorder,
        // which then took the real stream for stragglers and wrote no more video. Simulcast: recordings take the top
        // layer only (dynacast keeps it active while a tap is there).
        if (media && taps.Length > 0 && (!track.Fanout.Options.IsSimulcast || track.Fanout.FindStream(header.Ssrc)?.Layer == track.Fanout.LayerRids.Count - 1))
        {
            for (int i = 0; i < taps.Length; i++) taps[i].OnPublisherRtp(Id, track.Info.TrackId, packet, header);
        }
        if (_reports is { } reports && reports.TryConsume()) SendReports(peer);
    }

    /// <summary>Receive loop: SRs from the publisher feed our RRs and the subscribers' lip-sync mapping.</summary>
    private void OnPublisherRtcp(WebRtcPeer peer, ReadOnlySpan<byte> compound)
    {
        foreach (var track in Volatile.Read(ref _byPublisherSection).Values) track.Fanout.OnPublisherRtcp(compound);
    }

    /// <summary>
    /// About once a second per publisher (RFC 3550 §6.3, randomised): an RR (+ REMB: the lowest estimate among its
    /// subscribers, so the browser sends what they can take, RFC 8888 aside) to the publisher, and an SR to each
    /// subscriber of its tracks.
    /// </summary>
    private void SendReports(WebRtcPeer publisher)
    {
        Span<ulong> estimates = stackalloc ulong[32];
        foreach (var track in Volatile.Read(ref _byPublisherSection).Values)
        {
            int count = 0;
            var subscriptions = track.Fanout.Subscriptions;
            for (int i = 0; i < subscriptions.Count; i++) // indexed: no enumerator boxed per report
            {
                var subscription = subscriptions[i];
                if (subscription.Sink is SubscriberSink sink && count < estimates.Length) estimates[count++] = sink.Estimate;
                if (subscription.TryWriteSenderReport(_rtcpScratch, out int srLength) && subscription.Sink.SendRtcp(_rtcpScratch.AsSpan(0, srLength)))
                {
                    room.Counters.SubscriberReportSent();
                }
            }
            ulong? remb = track.Fanout.Options.IsVideo
                ? count == 0 ? room.BitrateLimit.MaxBitrate : room.BitrateLimit.Compute(estimates[..count], track.Fanout.Options.IsSimulcast)
                : null;
            if (track.Fanout.TryWritePublisherReport(_rtcpScratch, remb, out int written) && written > 0
                && publisher.SendRtcp(_rtcpScratch.AsSpan(0, written)))
            {
                room.Counters.PublisherReportSent();
            }
        }
    }

    /// <summary>
    /// Receive loop: NACKs answered from the cache, PLI/FIR passed to the publisher, transport-wide feedback (or RR/REMB
    /// without it) to the estimate, which then caps the layers.
    /// </summary>
    private void OnSubscriberRtcp(WebRtcPeer peer, ReadOnlySpan<byte> compound)
    {
        if (SubscriberSink is not { } sink) return;
        sink.CountFeedback(compound);
        foreach (var (subscription, _) in Volatile.Read(ref _subscriptionSnapshot))
        {
            long before = subscription.Nacks.Retransmitted;
            subscription.OnRtcp(compound);
            for (long i = before; i < subscription.Nacks.Retransmitted; i++) room.Counters.Retransmitted();
        }
        long now = Rooms.SubscriberSink.NowMicroseconds();
        if (sink.TransportCcExtensionId != 0)
        {
            int applied = sink.Congestion.OnRtcp(compound, now);
            if (applied > 0)
            {
                room.Counters.TransportCcFeedbackApplied(applied);
                CountEstimateChanges(sink.Congestion);
            }
        }
        sink.UpdateSendRate();
        sink.Estimator.OnRtcp(compound);
        sink.Pacer.SetEstimate(sink.Estimate);
        AllocateLayers(sink, now);
    }

    /// <summary>
    /// Loop: the subscriber's pacer dropped queued video of one stream (its link took far less than was sent); that
    /// subscription continues from the first unsent number at a keyframe.
    /// </summary>
    private void OnVideoDropped(uint ssrc, ushort firstUnsent)
    {
        foreach (var (subscription, _) in Volatile.Read(ref _subscriptionSnapshot))
        {
            if (subscription.Forwarder.OutputSsrc != ssrc) continue;
            subscription.RestartAtKeyframe(firstUnsent);
            room.Counters.PacerKeyframeRestart();
            return;
        }
    }

    /// <summary>
    /// Subscriptions wait (paused) for the subscriber's transport: unpausing starts each video stream at a fresh
    /// keyframe, which the forwarder requests from the publisher with the next packet. This is raised on the DTLS
    /// thread; the forwarders belong to the loop, so the change is posted there. A late joiner so decodes within a
    /// round trip.
    /// </summary>
    private void OnSubscriberState(WebRtcPeer peer, PeerState state)
    {
        if (state != PeerState.Connected) return;
        room.Engine.Post(() =>
        {
            if (Subscriber != peer) return; // replaced meanwhile
            foreach (var entry in _subscriptionSnapshot) ApplyPause(entry);
        });
    }
}

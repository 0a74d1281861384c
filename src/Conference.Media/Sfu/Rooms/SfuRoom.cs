using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Conference.Media.Peer;
using Conference.Media.Rtp;
using Conference.Media.Sdp;

namespace Conference.Media.Sfu.Rooms;

/// <summary>
/// The forwarding plan of one room on one media engine: who publishes which tracks, who subscribes, and the
/// subscriber connections' renegotiation (the server offers; one offer in flight per subscriber).
/// <para>
/// Threading: the engine's receive loop owns all of it (mediasoup's router-on-a-worker). The public async methods
/// post their work to that loop and complete there, so a change (a fan-out disposed, a subscription paused) never
/// runs while the loop forwards a packet; the participants' packet handlers run on the same loop. Offers to send are
/// queued for any thread: take them with <see cref="TakeOffers"/>.
/// </para>
/// </summary>
public sealed partial class SfuRoom : IAsyncDisposable
{
    private readonly MediaEngine _engine;
    private readonly PeerOptions _peerOptions;
    private readonly Dictionary<string, SfuParticipant> _participants = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<SfuOffer> _offers = new();
    private readonly ConcurrentQueue<(string ParticipantId, SfuStream Stream)> _learned = new();
    private readonly ActiveSpeakerDetector _speakers;
    private ISfuMediaTap[] _taps = [];
    private string? _reportedSpeaker;
    private int _publishedTracks, _subscriptions, _participantCount, _publisherCount;

    public SfuRoom(string roomId, MediaEngine engine, SfuCounters counters, TimeProvider? time = null)
    {
        RoomId = roomId;
        _engine = engine;
        Counters = counters;
        Time = time ?? TimeProvider.System;
        _speakers = new ActiveSpeakerDetector(time: Time);
        // Simulcast (RFC 8853) is accepted from publishers; each subscriber gets one layer at a time (SfuParticipant.Layers).
        // DTLS server on publisher connections (a=setup:passive to an actpass offer): the client sends its ClientHello
        // once it has our answer and a working pair, so there is no nomination to wait for and no ClientHello of ours
        // to overtake the answer on its way through signaling (werift drops one, costing a retransmission timeout).
        _peerOptions = new PeerOptions { AcceptSimulcast = true, StreamId = roomId, Role = Dtls.DtlsRole.Server };
    }

    public string RoomId { get; }
    public SfuCounters Counters { get; }

    /// <summary>The engine whose loop owns this room.</summary>
    public MediaEngine Engine => _engine;
    internal TimeProvider Time { get; }
    internal PublisherBitrateLimit BitrateLimit { get; } = new();

    public int PublishedTrackCount => Volatile.Read(ref _publishedTracks);
    public int SubscriptionCount => Volatile.Read(ref _subscriptions);
    public int ParticipantCount => Volatile.Read(ref _participantCount);
    public int PublisherCount => Volatile.Read(ref _publisherCount);

    /// <summary>See <see cref="TryPublish"/>. Never throws on bad input.</summary>
    public Task<SfuAnswer> PublishAsync(string participantId, string offerSdp) =>
        _engine.InvokeAsync(() => TryPublish(participantId, offerSdp, out var answer, out var error) ? new SfuAnswer(answer, null) : new SfuAnswer(null, error));

    /// <summary>Null when accepted, else why not.</summary>
    public Task<string?> AddPublisherCandidateAsync(string participantId, string candidate) =>
        _engine.InvokeAsync(() => TryAddPublisherCandidate(participantId, candidate, out var error) ? null : error);

    public Task<string?> AddSubscriberCandidateAsync(string participantId, string candidate) =>
        _engine.InvokeAsync(() => TryAddSubscriberCandidate(participantId, candidate, out var error) ? null : error);

    public Task SetTracksAsync(string participantId, IReadOnlyList<SfuTrackInfo> tracks) =>
        _engine.InvokeAsync(() => SetTracks(participantId, tracks));

    /// <summary>The participant's simulcast streams as earlier routers learned them: its tracks' packets are recognised by SSRC alone.</summary>
    public Task SetKnownStreamsAsync(string participantId, IReadOnlyList<SfuStream> streams) =>
        _engine.InvokeAsync(() => SetKnownStreams(participantId, streams));

    public Task<SfuOffer> SubscribeAsync(string participantId) => _engine.InvokeAsync(() => Subscribe(participantId));

    /// <summary>Null when accepted, else why not.</summary>
    public Task<string?> SetSubscriberAnswerAsync(string participantId, int revision, string answerSdp) =>
        _engine.InvokeAsync(() => TrySetSubscriberAnswer(participantId, revision, answerSdp, out var error) ? null : error);

    public Task ResendPendingOfferAsync(string participantId) => _engine.InvokeAsync(() => ResendPendingOffer(participantId));

    public Task<IReadOnlyList<(string ParticipantId, string Reason)>> TakeFailedSubscribersAsync() => _engine.InvokeAsync(TakeFailedSubscribers);

    public Task RemoveAsync(string participantId) => _engine.InvokeAsync(() => Remove(participantId));

    public Task<(string ParticipantId, string TrackId)?> PollActiveSpeakerAsync() => _engine.InvokeAsync(PollActiveSpeaker);

    /// <summary>The participant's connections (the data-channel relay hooks their channels); nulls when it has none.</summary>
    public Task<(WebRtcPeer? Publisher, WebRtcPeer? Subscriber)> ConnectionsAsync(string participantId) =>
        _engine.InvokeAsync(() => (_participants.GetValueOrDefault(participantId)?.Publisher, _participants.GetValueOrDefault(participantId)?.Subscriber));

    /// <summary>
    /// Adds a tap that sees every decrypted publisher RTP packet of this room on the loop (recording hands it to its
    /// own bounded queue there; it must copy and never block). Removing it returns once the loop no longer calls it.
    /// </summary>
    public Task AddTapAsync(ISfuMediaTap tap) => _engine.InvokeAsync(() => _taps = [.. _taps, tap]);

    public Task RemoveTapAsync(ISfuMediaTap tap) => _engine.InvokeAsync(() => _taps = [.. _taps.Where(t => t != tap)]);

    /// <summary>Loop only: the taps, read per publisher packet.</summary>
    internal ISfuMediaTap[] Taps => _taps;

    /// <summary>
    /// The participant's publisher offer. On its existing connection (same ICE ufrag) it renegotiates (a screen share
    /// added or removed); otherwise it replaces the connection. Never throws on bad input.
    /// </summary>
    internal bool TryPublish(string participantId, string offerSdp, [NotNullWhen(true)] out string? answerSdp, [NotNullWhen(false)] out string? error)
    {
        var participant = Participant(participantId);
        if (participant.Publisher is { } current && current.State is not (PeerState.Failed or PeerState.Closed)
            && SessionDescription.TryParse(offerSdp, out var parsed, out _)
            && RemoteTransportParameters.TransportSection(parsed) is { } section
            && (section.IceUfrag ?? parsed.IceUfrag) == current.RemoteIceUfrag)
        {
            if (!current.TryRenegotiate(parsed, out answerSdp, out error)) return false;
        }
        else
        {
            if (!_engine.TryAcceptOffer(offerSdp, _peerOptions, out var peer, out answerSdp, out error)) return false;
            var previous = participant.Publisher;
            participant.AttachPublisher(peer, Counters);
            if (previous is not null) _ = previous.DisposeAsync();
            StartConnectClocks(participant);
        }
        ReconcilePublished(participant);
        return true;
    }

    internal bool TryAddPublisherCandidate(string participantId, string candidate, [NotNullWhen(false)] out string? error)
    {
        if (_participants.GetValueOrDefault(participantId)?.Publisher is not { } peer)
        {
            error = "there is no publisher connection; send PublishOffer first";
            return false;
        }
        return peer.TryAddRemoteCandidate(candidate, out error) || error is null;
    }

    internal bool TryAddSubscriberCandidate(string participantId, string candidate, [NotNullWhen(false)] out string? error)
    {
        if (_participants.GetValueOrDefault(participantId)?.Subscriber is not { } peer)
        {
            error = "there is no subscriber connection; call Subscribe first";
            return false;
        }
        return peer.TryAddRemoteCandidate(candidate, out error) || error is null;
    }

    /// <summary>The participant's published tracks as signaling records them (publish, unpublish, mute).</summary>
    internal void SetTracks(string participantId, IReadOnlyList<SfuTrackInfo> tracks)
    {
        var participant = Participant(participantId);
        participant.Tracks = tracks;
        ReconcilePublished(participant);
    }

    internal void SetKnownStreams(string participantId, IReadOnlyList<SfuStream> streams)
    {
        var participant = Participant(participantId);
        participant.KnownStreams = streams;
        foreach (var track in participant.Published.Values) Seed(participant, track);
    }

    /// <summary>Simulcast streams learned from publishers' packets since the last call, to report to the room (any thread).</summary>
    public IReadOnlyList<(string ParticipantId, SfuStream Stream)> TakeLearnedStreams()
    {
        List<(string, SfuStream)>? learned = null;
        while (_learned.TryDequeue(out var stream)) (learned ??= []).Add(stream);
        return learned ?? (IReadOnlyList<(string, SfuStream)>)[];
    }

    /// <summary>Loop: the track's fan-out learned a stream by its rid (rare: once per stream); its streams are queued for the room.</summary>
    internal void StreamsLearned(ForwardedTrack track)
    {
        track.ReportedStreams = track.Fanout.LearnedStreams;
        foreach (var stream in track.Fanout.Streams)
        {
            if (!track.Fanout.IsSeeded(stream.Ssrc))
                _learned.Enqueue((track.PublisherId, new SfuStream(track.Info.TrackId, track.Fanout.RidOf(stream), stream.Ssrc)));
        }
    }

    /// <summary>Hands the track's known streams to its fan-out and to the publisher connection's routing (by SSRC).</summary>
    private void Seed(SfuParticipant publisher, ForwardedTrack track)
    {
        foreach (var known in publisher.KnownStreams)
        {
            if (known.TrackId != track.Info.TrackId || !track.Fanout.Seed(known.Ssrc, known.Rid)) continue;
            publisher.Publisher?.LearnRemoteSsrc(track.Section, known.Ssrc);
            Counters.StreamHandedOver();
        }
    }

    /// <summary>Creates (or recreates) the participant's subscriber connection and returns its first offer.</summary>
    internal SfuOffer Subscribe(string participantId)
    {
        var participant = Participant(participantId);
        if (participant.Subscriber is { } previous)
        {
            DropSubscriptions(participant);
            _ = previous.DisposeAsync();
        }
        var peer = _engine.CreateOfferingPeer(new PeerOptions { StreamId = RoomId });
        participant.AttachSubscriber(peer, new SubscriberSink(peer, Counters, new BandwidthEstimator(time: Time)));
        var offer = new SfuOffer(participantId, peer.CreateOffer(OutgoingFor(participant)), peer.OfferRevision);
        participant.NeedsOffer = false;
        StartConnectClocks(participant);
        return offer;
    }

    /// <summary>The answer to the participant's latest subscriber offer; starts forwarding what it accepted.</summary>
    internal bool TrySetSubscriberAnswer(string participantId, int revision, string answerSdp, [NotNullWhen(false)] out string? error)
    {
        if (_participants.GetValueOrDefault(participantId)?.Subscriber is not { } peer)
        {
            error = "there is no subscriber connection; call Subscribe first";
            return false;
        }
        var participant = _participants[participantId];
        if (!peer.HasPendingOffer || revision != peer.OfferRevision)
        {
            error = $"no offer with revision {revision} is waiting for an answer (the latest is {peer.OfferRevision})";
            return false;
        }
        if (!peer.TrySetAnswer(answerSdp, out error)) return false;
        ReconcileSubscriptions(participant);
        OfferWhereNeeded();
        return true;
    }

    /// <summary>
    /// Queues the participant's unanswered subscriber offer again: one pushed while its signaling connection was
    /// down (it resumed within the grace period) was lost with that connection.
    /// </summary>
    internal void ResendPendingOffer(string participantId)
    {
        if (_participants.GetValueOrDefault(participantId)?.Subscriber is { PendingOfferSdp: { } sdp } peer)
            _offers.Enqueue(new SfuOffer(participantId, sdp, peer.OfferRevision));
    }

    /// <summary>
    /// Subscriber connections that failed (DTLS alert, consent lost, connect timeout) are closed and forgotten; their
    /// participants, returned with the reason, must be told to Subscribe again (nothing reaches them otherwise).
    /// </summary>
    internal IReadOnlyList<(string ParticipantId, string Reason)> TakeFailedSubscribers()
    {
        List<(string, string)>? failed = null;
        foreach (var participant in _participants.Values)
        {
            if (participant.Subscriber is not { State: PeerState.Failed } peer) continue;
            string reason = peer.Connected.Exception?.InnerException?.Message ?? "the connection failed";
            DropSubscriptions(participant);
            participant.DetachSubscriber();
            _ = peer.DisposeAsync();
            (failed ??= []).Add((participant.Id, reason));
        }
        if (failed is not null) UpdateCounts();
        return failed ?? (IReadOnlyList<(string, string)>)[];
    }

    /// <summary>The participant is gone: its connections close, the others' subscriber connections drop its tracks.</summary>
    internal void Remove(string participantId)
    {
        if (!_participants.Remove(participantId, out var participant)) return;
        DropSubscriptions(participant);
        bool published = participant.Published.Count > 0;
        foreach (var track in participant.Published.Values.ToList()) StopForwarding(participant, track);
        participant.PublishSnapshots();
        if (published) NeedOffers(except: null);
        participant.Detach();
        // Closing is synchronous (close_notify goes out through the transport's send); nothing to await.
        if (participant.Publisher is { } publisher) _ = publisher.DisposeAsync();
        if (participant.Subscriber is { } subscriber) _ = subscriber.DisposeAsync();
        OfferWhereNeeded();
        UpdateCounts();
    }

    /// <summary>Subscriber offers produced so far, to push to their participants (any thread).</summary>
    public IReadOnlyList<SfuOffer> TakeOffers()
    {
        List<SfuOffer>? offers = null;
        while (_offers.TryDequeue(out var offer)) (offers ??= []).Add(offer);
        return offers ?? (IReadOnlyList<SfuOffer>)[];
    }

    /// <summary>The loudest participant when it changed since the last call (RFC 6464 levels): (participant, track).</summary>
    internal (string ParticipantId, string TrackId)? PollActiveSpeaker()
    {
        _speakers.Update();
        string? speaker = _speakers.CurrentSpeaker;
        if (speaker is null || speaker == _reportedSpeaker) return null;
        var publisher = _participants.Values.FirstOrDefault(p => p.Published.ContainsKey(speaker));
        if (publisher is null) return null;
        _reportedSpeaker = speaker;
        return (publisher.Id, speaker);
    }

    internal void OnAudioLevel(string trackId, ReadOnlySpan<byte> packet, in RtpHeader header, int extensionId)
    {
        _speakers.OnRtpPacket(trackId, packet, header, extensionId);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _engine.InvokeAsync(() =>
            {
                foreach (var id in _participants.Keys.ToList()) Remove(id);
                _taps = [];
            });
        }
        catch (ObjectDisposedException)
        {
            // The engine stopped first: its peers are closed with it.
        }
    }

    private SfuParticipant Participant(string id)
    {
        if (!_participants.TryGetValue(id, out var participant))
        {
            participant = new SfuParticipant(id, this);
            _participants[id] = participant;
            UpdateCounts();
        }
        return participant;
    }

    /// <summary>
    /// A connection of <paramref name="arrived"/> was just made: connect-time clocks start for whatever now has both
    /// ends in the room (its new connection and the others' opposite ones).
    /// </summary>
    private void StartConnectClocks(SfuParticipant arrived)
    {
        long now = System.Diagnostics.Stopwatch.GetTimestamp();
        foreach (var other in _participants.Values)
        {
            if (other == arrived) continue;
            if (arrived.Publisher is not null && other.SubscriberSink is { } sink)
            {
                sink.StartClock(now);
                arrived.StartPublisherClock(now);
            }
            if (arrived.SubscriberSink is { } own && other.Publisher is not null)
            {
                own.StartClock(now);
                other.StartPublisherClock(now);
            }
        }
    }

    /// <summary>Pairs the room's track records with the publisher's sections, then starts/stops/mutes forwarding.</summary>
    private void ReconcilePublished(SfuParticipant participant)
    {
        var desired = PublishedSections.Match(participant.Tracks, participant.Publisher?.Tracks ?? []);
        bool changed = false;
        foreach (var track in participant.Published.Values.ToList())
        {
            if (!desired.TryGetValue(track.Info.TrackId, out var wanted) || wanted.Section != track.Section)
            {
                StopForwarding(participant, track);
                changed = true;
            }
            else if (wanted.Info.Muted != track.Info.Muted)
            {
                track.Info = wanted.Info;
                foreach (var other in _participants.Values) other.ApplyPause(track);
            }
        }
        foreach (var (trackId, (info, section)) in desired)
        {
            if (participant.Published.ContainsKey(trackId)) continue;
            participant.Published[trackId] = StartForwarding(participant, info, section);
            changed = true;
        }
        participant.PublishSnapshots();
        if (changed)
        {
            NeedOffers(except: participant);
            OfferWhereNeeded();
        }
        UpdateCounts();
    }

    /// <summary>What the others receive changed: each subscriber gets a new offer (now, or after its pending one is answered).</summary>
    private void NeedOffers(SfuParticipant? except)
    {
        foreach (var other in _participants.Values)
        {
            if (other != except && other.Subscriber is not null) other.NeedsOffer = true;
        }
    }

    private ForwardedTrack StartForwarding(SfuParticipant publisher, SfuTrackInfo info, PeerTrack section)
    {
        var fanout = new PublishedTrackFanout(PublishedSections.FanoutOptions(section), publisher.PublisherSink!, Time);
        int audioLevel = section.Kind == MediaDescription.Audio && section.TryGetHeaderExtensionId(RtpExtensionUris.AudioLevel, out byte id) ? id : 0;
        if (audioLevel > 0) _speakers.AddTrack(info.TrackId);
        var track = new ForwardedTrack(info, publisher.Id, section, fanout, audioLevel);
        Seed(publisher, track);
        return track;
    }

    private void StopForwarding(SfuParticipant publisher, ForwardedTrack track)
    {
        publisher.Published.Remove(track.Info.TrackId);
        foreach (var other in _participants.Values)
        {
            other.Views.Remove(track.Info.TrackId);
            if (other.Subscriptions.Remove(track.Info.TrackId, out var entry))
            {
                track.Fanout.Unsubscribe(entry.Subscription);
                other.PublishSnapshots();
            }
        }
        track.Fanout.Dispose();
        _speakers.RemoveTrack(track.Info.TrackId);
    }

    private void DropSubscriptions(SfuParticipant subscriber)
    {
        foreach (var entry in subscriber.Subscriptions.Values) entry.Track.Fanout.Unsubscribe(entry.Subscription);
        subscriber.Subscriptions.Clear();
        subscriber.PublishSnapshots();
    }

    /// <summary>Everyone else's forwarded tracks, in a stable order (publisher, then track id).</summary>
    private List<OutgoingTrack> OutgoingFor(SfuParticipant subscriber) =>
        ForwardedFor(subscriber).Select(t => new OutgoingTrack(t.Info.TrackId, t.PublisherId, t.Section.Kind, t.Section.Codecs)).ToList();

    private IEnumerable<ForwardedTrack> ForwardedFor(SfuParticipant subscriber) =>
        _participants.Values.Where(p => p != subscriber)
            .SelectMany(p => p.Published.Values.OrderBy(t => t.Info.TrackId, StringComparer.Ordinal));

    /// <summary>After an answer: subscribe to every accepted section not subscribed yet.</summary>
    private void ReconcileSubscriptions(SfuParticipant subscriber)
    {
        var peer = subscriber.Subscriber!;
        foreach (var track in ForwardedFor(subscriber))
        {
            if (subscriber.Subscriptions.ContainsKey(track.Info.TrackId) || !peer.TryGetOutgoingTrack(track.Info.TrackId, out var section)) continue;
            var subscription = track.Fanout.Subscribe(subscriber.SubscriberSink!, section.LocalSsrc,
                NegotiatedCodecs.MapPayloadTypes(track.Section.Codecs, section.Codecs),
                NegotiatedCodecs.Rtx(section.Codecs, section.LocalRtxSsrc));
            // Paused until the subscriber's transport is up (then it starts at a fresh keyframe), or while muted.
            subscription.IsPaused = true;
            subscriber.Subscriptions[track.Info.TrackId] = new SubscriptionEntry(subscription, track);
        }
        // The transport-wide sequence number extension the answer accepted (one id for the whole BUNDLE, RFC 8285 §6).
        byte transportCc = 0;
        foreach (var section in peer.Tracks)
        {
            if (section.TryGetHeaderExtensionId(RtpExtensionUris.TransportWideCc, out transportCc)) break;
        }
        subscriber.SubscriberSink!.TransportCcExtensionId = transportCc;
        subscriber.PublishSnapshots();
        foreach (var entry in subscriber.Subscriptions.Values) subscriber.ApplyView(entry.Track.Info.TrackId);
        UpdateCounts();
    }

    private void OfferWhereNeeded()
    {
        foreach (var participant in _participants.Values)
        {
            if (!participant.NeedsOffer || participant.Subscriber is not { } peer || peer.HasPendingOffer) continue;
            if (peer.State is PeerState.Failed or PeerState.Closed) continue;
            participant.NeedsOffer = false;
            _offers.Enqueue(new SfuOffer(participant.Id, peer.CreateOffer(OutgoingFor(participant)), peer.OfferRevision));
        }
    }

    private void UpdateCounts()
    {
        Volatile.Write(ref _participantCount, _participants.Count);
        Volatile.Write(ref _publisherCount, _participants.Values.Count(p => p.Publisher is not null));
        Volatile.Write(ref _publishedTracks, _participants.Values.Sum(p => p.Published.Count));
        Volatile.Write(ref _subscriptions, _participants.Values.Sum(p => p.Subscriptions.Count));
    }
}

using Conference.Common;
using Conference.Media;
using Conference.Media.Sfu.Rooms;
using Conference.Rooms;

namespace Conference.Grains.Media;

/// <summary>
/// A room's media on one SFU silo (key: room id): answers publisher offers, offers subscriber connections and
/// renegotiates them as tracks come and go, and keeps the room's forwarding plan (<see cref="SfuRoom"/>) in step
/// with the room's track records. Packets never pass through the grain: the engine's receive loop forwards them.
/// Offers and active-speaker changes go to the participants through the room grain (one-way, no call cycle).
/// </summary>
[Placement.RequiresRole("sfu"), Placement.LeastLoadedSfuPlacement]
public sealed partial class MediaRouterGrain(SfuEngine sfu, ILocalSiloDetails silo) : Grain, IMediaRouterGrain
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
    private SfuRoom? _room;
    private IGrainTimer? _pollTimer;
    private bool _retired;

    private string RouterKey => this.GetPrimaryKeyString();

    private string RoomId => MediaRouterKey.Parse(RouterKey).RoomId;

    /// <summary>
    /// The longest offer or answer taken: a subscriber answer has one m-section per subscribed track, ~0.5–1 KB each
    /// from a browser (it repeats its ICE and DTLS attributes in every one), so 64 KiB stopped at a room of ~40 publishers.
    /// </summary>
    public const int MaxSdpLength = 512 * 1024;

    public async Task<Result<PublishAnswer>> Publish(string participantId, string offerSdp)
    {
        if (Room() is not { } room) return Unavailable();
        if (SdpError(offerSdp, "offer") is { } invalid) return invalid;
        var answer = await room.PublishAsync(participantId, offerSdp);
        Result<PublishAnswer> result = answer.Accepted ? new PublishAnswer(answer.Sdp!) : ResourceError.Invalid("sdp", answer.Error!);
        await SyncData(room, participantId);
        SendOffers(room);
        return result;
    }

    public async Task<Result<bool>> AddPublisherCandidate(string participantId, string candidate)
    {
        if (Room() is not { } room) return Unavailable();
        return await room.AddPublisherCandidateAsync(participantId, candidate ?? "") is { } error ? Candidate(error) : true;
    }

    public async Task<Result<MediaOffer>> Subscribe(string participantId)
    {
        if (Room() is not { } room) return Unavailable();
        var offer = await room.SubscribeAsync(participantId);
        await SyncData(room, participantId);
        return new MediaOffer(offer.Sdp, offer.Revision);
    }

    public async Task<Result<bool>> SubscriberAnswer(string participantId, int revision, string answerSdp)
    {
        if (Room() is not { } room) return Unavailable();
        if (SdpError(answerSdp, "answer") is { } invalid) return invalid;
        var error = await room.SetSubscriberAnswerAsync(participantId, revision, answerSdp);
        Result<bool> result = error is null ? true : ResourceError.Invalid("sdp", error);
        await SyncData(room, participantId);
        SendOffers(room);
        return result;
    }

    public async Task<Result<bool>> AddSubscriberCandidate(string participantId, string candidate)
    {
        if (Room() is not { } room) return Unavailable();
        return await room.AddSubscriberCandidateAsync(participantId, candidate ?? "") is { } error ? Candidate(error) : true;
    }

    public async Task SetTracks(string participantId, IReadOnlyList<PublishedTrack> tracks)
    {
        if (Room() is not { } room) return;
        await room.SetTracksAsync(participantId, tracks
            .Select(t => new SfuTrackInfo(t.TrackId, t.ClientTrackId, t.Kind == TrackKind.Audio ? "audio" : "video",
                t.Source.ToString().ToLowerInvariant(), t.Muted))
            .ToList());
        await SyncData(room, participantId);
        SendOffers(room);
    }

    public async Task KnownStreams(string participantId, IReadOnlyList<PublisherStream> streams)
    {
        if (Room() is not { } room) return;
        await room.SetKnownStreamsAsync(participantId, streams.Select(s => new SfuStream(s.TrackId, s.Rid, s.Ssrc)).ToList());
    }

    public async Task<Result<bool>> SetVideoView(string participantId, string trackId, int width, int height)
    {
        if (Room() is not { } room) return Unavailable();
        var error = await room.SetVideoViewAsync(participantId, trackId ?? "", new VideoView(width, height));
        if (error is null) return true;
        int colon = error.IndexOf(':');
        return ResourceError.Invalid(error[..colon], $"'{error[..colon]}'{error[colon..]}");
    }

    public async Task Resumed(string participantId)
    {
        if (_room is not { } room) return;
        await room.ResendPendingOfferAsync(participantId);
        await room.ResendLayersAsync(participantId); // announced by the next poll
        SendOffers(room);
    }

    public async Task Close(string participantId)
    {
        if (_room is not { } room) return;
        await room.RemoveAsync(participantId);
        DataLeft(participantId);
        SendOffers(room);
        if (room.ParticipantCount == 0) DeactivateOnIdle();
    }

    public async Task Retire()
    {
        _retired = true;
        if (_recording is not null) await FinishRecording();
        await Release();
        DeactivateOnIdle();
    }

    /// <summary>Where the room's media goes: this silo, and the address of the engine the room lives on.</summary>
    public Task<RouterInfo> Describe()
    {
        var room = Room();
        return Task.FromResult(new RouterInfo(
            silo.SiloAddress.ToString(), room?.Engine.LocalEndPoint.ToString() ?? "", room?.PublisherCount ?? 0,
            room?.Engine.Counters.RtpReceived ?? 0, room?.ParticipantCount ?? 0, room?.PublishedTrackCount ?? 0, room?.SubscriptionCount ?? 0));
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _pollTimer?.Dispose();
        if (_recording is not null) await FinishRecording(); // the room emptied or the silo stops: end the files cleanly
        await Release();
    }

    private async Task Release()
    {
        _pollTimer?.Dispose();
        if (_room is { } room)
        {
            _room = null;
            sfu.Remove(RouterKey, room);
            await room.DisposeAsync();
        }
    }

    private SfuRoom? Room()
    {
        if (_room is not null) return _room;
        if (_retired) return null; // the room moved on to a newer router
        // The silo was chosen by placement; the engine (one loop, one port) by its load now. The room stays on it.
        if (sfu.ChooseEngine() is not { } engine) return null;
        _room = new SfuRoom(RoomId, engine, sfu.Counters);
        sfu.Add(RouterKey, _room);
        _pollTimer = this.RegisterGrainTimer(Poll, new GrainTimerCreationOptions(PollInterval, PollInterval) { Interleave = false });
        return _room;
    }

    /// <summary>Every 250 ms: active-speaker changes to everyone, a failed subscriber connection to its participant, recorded tracks in step.</summary>
    private async Task Poll()
    {
        if (_room is not { } room) return;
        foreach (var (participantId, reason) in await room.TakeFailedSubscribersAsync())
        {
            await SyncData(room, participantId);
            Notify(new RoomEvent(RoomId, RoomEventTypes.MediaFailed, participantId,
                Error: $"The subscriber connection failed ({reason}); call Subscribe again.") { Recipient = participantId });
        }
        if (await room.PollActiveSpeakerAsync() is { } speaker)
        {
            Notify(new RoomEvent(RoomId, RoomEventTypes.ActiveSpeaker, speaker.ParticipantId,
                Track: new PublishedTrack(speaker.TrackId, TrackKind.Audio, TrackSource.Microphone, false, default)));
        }
        foreach (var change in await room.TakeLayerChangesAsync())
        {
            var source = Enum.TryParse<TrackSource>(change.Source, ignoreCase: true, out var parsed) ? parsed : TrackSource.Camera;
            Notify(new RoomEvent(RoomId, RoomEventTypes.LayersChanged, change.PublisherId,
                Track: new PublishedTrack(change.TrackId, TrackKind.Video, source, false, default))
            {
                Recipient = change.PublisherId, ActiveLayers = change.ActiveRids, PausedLayers = change.PausedRids,
            });
        }
        foreach (var learned in room.TakeLearnedStreams().GroupBy(l => l.ParticipantId))
        {
            var streams = learned.Select(l => new PublisherStream(l.Stream.TrackId, l.Stream.Rid, l.Stream.Ssrc)).Distinct().ToList();
            GrainFactory.GetGrain<IRoomGrain>(RoomId).StreamsLearned(learned.Key, streams).Ignore();
        }
        await SyncRecording();
    }

    /// <summary>Each subscriber offer goes to its participant's connection only.</summary>
    private void SendOffers(SfuRoom room)
    {
        foreach (var offer in room.TakeOffers())
        {
            Notify(new RoomEvent(RoomId, RoomEventTypes.SubscriberOffer, offer.ParticipantId, Offer: new MediaOffer(offer.Sdp, offer.Revision))
            {
                Recipient = offer.ParticipantId,
            });
        }
    }

    private void Notify(RoomEvent roomEvent) => GrainFactory.GetGrain<IRoomGrain>(RoomId).Relay(RouterKey, roomEvent).Ignore();

    /// <summary>An empty or oversized offer or answer (<paramref name="kind"/>), refused before the room sees it.</summary>
    private static ResourceError? SdpError(string sdp, string kind) =>
        string.IsNullOrWhiteSpace(sdp) || sdp.Length > MaxSdpLength
            ? ResourceError.Invalid("sdp", $"'sdp' must be an SDP {kind} of at most {MaxSdpLength / 1024} KiB.")
            : null;

    private static ResourceError Unavailable() => ResourceError.Unavailable("This silo runs no media engine.");

    private static Result<bool> Candidate(string? error) => ResourceError.Invalid("candidate", error ?? "Not an ICE candidate.");
}

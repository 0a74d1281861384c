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

    private string RoomId => this.GetPrimaryKeyString();

    public Task<Result<PublishAnswer>> Publish(string participantId, string offerSdp)
    {
        if (Room() is not { } room) return Unavailable<PublishAnswer>();
        if (string.IsNullOrWhiteSpace(offerSdp) || offerSdp.Length > 64 * 1024)
            return Done<PublishAnswer>(ResourceError.Invalid("sdp", "'sdp' must be an SDP offer of at most 64 KiB."));
        Result<PublishAnswer> result = room.TryPublish(participantId, offerSdp, out var answer, out var error)
            ? new PublishAnswer(answer)
            : ResourceError.Invalid("sdp", error);
        SyncData(room, participantId);
        SendOffers(room);
        return Task.FromResult(result);
    }

    public Task<Result<bool>> AddPublisherCandidate(string participantId, string candidate)
    {
        if (Room() is not { } room) return Unavailable<bool>();
        return Done(room.TryAddPublisherCandidate(participantId, candidate ?? "", out var error)
            ? true
            : Candidate(error));
    }

    public Task<Result<MediaOffer>> Subscribe(string participantId)
    {
        if (Room() is not { } room) return Unavailable<MediaOffer>();
        var offer = room.Subscribe(participantId);
        SyncData(room, participantId);
        return Done<MediaOffer>(new MediaOffer(offer.Sdp, offer.Revision));
    }

    public Task<Result<bool>> SubscriberAnswer(string participantId, int revision, string answerSdp)
    {
        if (Room() is not { } room) return Unavailable<bool>();
        if (string.IsNullOrWhiteSpace(answerSdp) || answerSdp.Length > 64 * 1024)
            return Done<bool>(ResourceError.Invalid("sdp", "'sdp' must be an SDP answer of at most 64 KiB."));
        Result<bool> result = room.TrySetSubscriberAnswer(participantId, revision, answerSdp, out var error)
            ? true
            : ResourceError.Invalid("sdp", error);
        SyncData(room, participantId);
        SendOffers(room);
        return Task.FromResult(result);
    }

    public Task<Result<bool>> AddSubscriberCandidate(string participantId, string candidate)
    {
        if (Room() is not { } room) return Unavailable<bool>();
        return Done(room.TryAddSubscriberCandidate(participantId, candidate ?? "", out var error)
            ? true
            : Candidate(error));
    }

    public Task SetTracks(string participantId, IReadOnlyList<PublishedTrack> tracks)
    {
        if (Room() is not { } room) return Task.CompletedTask;
        room.SetTracks(participantId, tracks
            .Select(t => new SfuTrackInfo(t.TrackId, t.ClientTrackId, t.Kind == TrackKind.Audio ? "audio" : "video",
                t.Source.ToString().ToLowerInvariant(), t.Muted))
            .ToList());
        SyncData(room, participantId);
        SendOffers(room);
        return Task.CompletedTask;
    }

    public Task Resumed(string participantId)
    {
        if (_room is not { } room) return Task.CompletedTask;
        room.ResendPendingOffer(participantId);
        SendOffers(room);
        return Task.CompletedTask;
    }

    public async Task Close(string participantId)
    {
        if (_room is not { } room) return;
        await room.Remove(participantId);
        DataLeft(participantId);
        SendOffers(room);
        if (room.ParticipantCount == 0) DeactivateOnIdle();
    }

    public Task<RouterInfo> Describe() => Task.FromResult(new RouterInfo(
        silo.SiloAddress.ToString(), sfu.Engine?.LocalEndPoint.ToString() ?? "", _room?.PublisherCount ?? 0,
        sfu.Engine?.Counters.RtpReceived ?? 0, _room?.ParticipantCount ?? 0, _room?.PublishedTrackCount ?? 0, _room?.SubscriptionCount ?? 0));

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _pollTimer?.Dispose();
        if (_recording is not null) await FinishRecording(); // the room emptied or the silo stops: end the files cleanly
        if (_room is { } room)
        {
            sfu.Remove(room);
            await room.DisposeAsync();
            _room = null;
        }
    }

    private SfuRoom? Room()
    {
        if (_room is not null) return _room;
        if (sfu.Engine is not { } engine) return null;
        _room = new SfuRoom(RoomId, engine, sfu.Counters);
        sfu.Add(_room);
        _pollTimer = this.RegisterGrainTimer(Poll, new GrainTimerCreationOptions(PollInterval, PollInterval) { Interleave = false });
        return _room;
    }

    /// <summary>Every 250 ms: active-speaker changes to everyone, a failed subscriber connection to its participant, recorded tracks in step.</summary>
    private Task Poll()
    {
        foreach (var (participantId, reason) in _room?.TakeFailedSubscribers() ?? [])
        {
            SyncData(_room!, participantId);
            Notify(new RoomEvent(RoomId, RoomEventTypes.MediaFailed, participantId,
                Error: $"The subscriber connection failed ({reason}); call Subscribe again.") { Recipient = participantId });
        }
        if (_room?.PollActiveSpeaker() is { } speaker)
        {
            var roomId = RoomId;
            Notify(new RoomEvent(roomId, RoomEventTypes.ActiveSpeaker, speaker.ParticipantId,
                Track: new PublishedTrack(speaker.TrackId, TrackKind.Audio, TrackSource.Microphone, false, default)));
        }
        return SyncRecording();
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

    private void Notify(RoomEvent roomEvent) => GrainFactory.GetGrain<IRoomGrain>(RoomId).Relay(roomEvent).Ignore();

    private static Task<Result<T>> Done<T>(Result<T> result) => Task.FromResult(result);

    private static Task<Result<T>> Unavailable<T>() =>
        Task.FromResult<Result<T>>(ResourceError.Unavailable("This silo runs no media engine."));

    private static Result<bool> Candidate(string? error) => ResourceError.Invalid("candidate", error ?? "Not an ICE candidate.");
}

using Conference.Grains.Observability;
using Conference.Grains.Placement;
using Conference.Media;
using Conference.Rooms;
using Microsoft.Extensions.Logging;

namespace Conference.Grains.Rooms;

/// <summary>
/// The room's media router and its moves. The room owns which router generation is current; a router whose SFU silo
/// stops answering (kill -9) or drains is replaced by a new generation placed on another SFU silo, which is given
/// every participant's tracks before everyone is told `mediaMoved` and renegotiates there.
/// </summary>
public sealed partial class RoomGrain
{
    private MediaRouterKey? _router;
    private string? _routerSilo;
    private bool _mediaSeen;
    private int _routerMisses;
    private bool _moving;
    /// <summary>Why the current router must be given the tracks and announced when it next answers (null: it was).</summary>
    private string? _unannounced;
    private DateTimeOffset? _announcedAt;
    private readonly HashSet<string> _routerUnknownTo = new(StringComparer.Ordinal);
    /// <summary>The last check that timed out: if its answer arrives later, the router is alive, only slow (a starved machine).</summary>
    private Task<RouterInfo>? _lateCheck;
    private MediaRouterKey _lateCheckKey;
    /// <summary>The generation a failed move tried (its activation may just have been slow): the next move tries it once more.</summary>
    private MediaRouterKey? _pending;
    private int _pendingTries;
    /// <summary>The highest generation ever tried: one given up is never used again.</summary>
    private int _generations;

    private MediaRouterKey Router => _router ??= new MediaRouterKey(Id, 0);

    private TimeSpan MoveCallTimeout => options.Value.MediaMoveCallTimeout;

    public Task<string> RouterKey() => Task.FromResult(Router.ToString());

    public Task<bool> MoveMedia(string fromRouterKey, string reason) =>
        fromRouterKey == Router.ToString() && !_moving ? Move(reason) : Task.FromResult(false);

    private void WatchMedia()
    {
        var every = options.Value.MediaCheckInterval;
        // Interleaved: a check waiting on a silent silo must not hold up joins and track changes meanwhile.
        this.RegisterGrainTimer(CheckMedia, new GrainTimerCreationOptions(every, every) { Interleave = true });
    }

    public Task RouterUnknownTo(string participantId)
    {
        // Unless the room has told everyone where its media is since this participant joined.
        if (_participants.TryGetValue(participantId, out var participant) && !(_announcedAt >= participant.JoinedAt))
            _routerUnknownTo.Add(participantId);
        return Task.CompletedTask;
    }

    private async Task CheckMedia(CancellationToken cancellation)
    {
        if (_participants.Count == 0 || _moving) return;
        var key = Router;
        // A fresh call each time: one to a silo that died may hang until Orleans gives up on it, a new one fails at once.
        var call = GrainFactory.GetGrain<IMediaRouterGrain>(key.ToString()).Describe();
        try
        {
            var info = await call.WaitAsync(options.Value.MediaCheckTimeout, cancellation);
            _lateCheck = null;
            if (key != Router || _moving) return;
            // The same generation answering from another silo (or at all, after its silo was found gone) is a new
            // activation: Orleans placed it again once the old silo was declared dead, before our misses added up. It
            // knows none of the room's tracks, and the participants do not know where it is. (A check that merely
            // timed out on a slow machine is not such a sign.)
            var unannounced = _routerSilo is { } known && known != info.Silo ? MediaMoveReasons.Failure : _unannounced;
            (_routerSilo, _mediaSeen, _routerMisses, _unannounced) = (info.Silo, true, 0, null);
            DropPending(); // the router answers: a move that failed earlier is not wanted any more
            if (unannounced is not null) await Adopt(key, info, unannounced);
            else if (_routerUnknownTo.Count > 0) Announce(info, MediaMoveReasons.Failure, [.. _routerUnknownTo]);
        }
        catch (Exception ex) when (key == Router && !cancellation.IsCancellationRequested)
        {
            // An earlier check answered after its timeout: the router is alive, only slow; its misses start over.
            var answeredLate = _lateCheck is { IsCompletedSuccessfully: true } && _lateCheckKey == key;
            (_lateCheck, _lateCheckKey) = call.IsCompleted ? (null, key) : (call, key);
            if (answeredLate)
            {
                logger.LogInformation("Room {Room}: media router {Router} answered a check after its timeout; it is kept", Id, key);
                _routerMisses = 0;
                return;
            }
            // Without any SFU silo there is no media to move (placement finds no silo); a router placed on a silo that
            // died before it answered once (its connection refused or reset, or no answer) is moved like any other.
            if (!_mediaSeen && !IsSiloLost(ex)) return;
            if (_routerSilo is null && ex is not TimeoutException && IsSiloLost(ex)) _unannounced ??= MediaMoveReasons.Failure;
            if (++_routerMisses < options.Value.MediaCheckMisses || _moving) return;
            logger.LogWarning(ex, "Room {Room}: media router {Router} on {Silo} did not answer {Misses} checks",
                Id, key, _routerSilo, _routerMisses);
            await Move(MediaMoveReasons.Failure);
        }
    }

    /// <summary>What a call to a grain on a silo that died (and is not yet declared dead) fails with.</summary>
    private static bool IsSiloLost(Exception ex) =>
        ex is TimeoutException or OrleansMessageRejectionException or Orleans.Runtime.Messaging.ConnectionFailedException
        || ex.InnerException is { } inner && IsSiloLost(inner);

    /// <summary>The current generation answered where nobody knows it (re-activated elsewhere by Orleans): give it the tracks and tell everyone.</summary>
    private async Task Adopt(MediaRouterKey key, RouterInfo info, string reason)
    {
        _moving = true;
        try
        {
            var router = GrainFactory.GetGrain<IMediaRouterGrain>(key.ToString());
            foreach (var participant in _participants.Values.ToList()) await GiveTracks(router, participant);
            ConferenceMetrics.RecordRouterMoved(reason);
            logger.LogInformation("Room {Room}: media router {Router} answered on {Silo}; given the tracks, participants told ({Reason})", Id, key, info.Silo, reason);
            Announce(info, reason, recipients: null);
        }
        catch (Exception ex)
        {
            ConferenceMetrics.RecordMediaRouterFailure(ex.GetType().Name);
            logger.LogError(ex, "Room {Room}: giving the re-activated media router {Router} the room's tracks failed", Id, key);
            (_routerSilo, _unannounced) = (null, reason); // the next answer adopts it again
        }
        finally
        {
            _moving = false;
        }
    }

    /// <summary>`mediaMoved` to everyone (<paramref name="recipients"/> null) or to the participants named.</summary>
    private void Announce(RouterInfo info, string reason, IReadOnlyList<string>? recipients)
    {
        var location = new MediaRouterLocation(info.Silo, info.MediaEndPoint);
        _routerUnknownTo.Clear();
        if (recipients is null)
        {
            _announcedAt = time.GetUtcNow();
            var moved = new RoomEvent(Id, RoomEventTypes.MediaMoved) { Router = location, Reason = reason };
            _gateways.Notify(gateway => gateway.OnRoomEvent(moved));
            return;
        }
        foreach (var participantId in recipients.Where(_participants.ContainsKey))
        {
            var moved = new RoomEvent(Id, RoomEventTypes.MediaMoved) { Router = location, Reason = reason, Recipient = participantId };
            _gateways.Notify(gateway => gateway.OnRoomEvent(moved));
        }
    }

    /// <summary>
    /// A new router generation, placed away from the old one's silo, gets everyone's tracks; then the room switches to it
    /// and tells everyone `mediaMoved`. Make-before-break: until then the room keeps (and keeps using) its router, so a
    /// move that cannot be made (no other SFU silo) is not started, and one that fails leaves the call as it was.
    /// </summary>
    private async Task<bool> Move(string reason)
    {
        _moving = true;
        var from = Router;
        var avoid = _routerSilo;
        _routerMisses = 0;
        try
        {
            if (!await AnotherSfuSilo(avoid))
            {
                ConferenceMetrics.RecordRouterKept("no_other_sfu_silo");
                logger.LogWarning("Room {Room}: no other SFU silo can take the media of router {Router} on {Silo} ({Reason}); the room keeps it",
                    Id, from, avoid, reason);
                return false;
            }
            var to = NextGeneration(from);
            var next = GrainFactory.GetGrain<IMediaRouterGrain>(to.ToString());
            RequestContext.Set(PlacementHints.AvoidSilo, avoid ?? "");
            RouterInfo info;
            try
            {
                // Activates the new generation: placed now, with the hint above. Bounded, like every call of a move: a
                // new router placed on a silo that is dying must not hold the room.
                info = await next.Describe().WaitAsync(MoveCallTimeout);
            }
            finally
            {
                RequestContext.Remove(PlacementHints.AvoidSilo);
            }
            var given = new Dictionary<string, List<PublishedTrack>>(StringComparer.Ordinal);
            foreach (var participant in _participants.Values.ToList()) given[participant.Id] = await GiveTracks(next, participant);
            (_router, _routerSilo, _mediaSeen, _unannounced, _pending, _lateCheck) = (to, info.Silo, true, null, null, null);
            await CatchUp(given);
            ConferenceMetrics.RecordRouterMoved(reason);
            logger.LogInformation("Room {Room}: media moved ({Reason}) from {From} on {OldSilo} to {To} on {Silo}", Id, reason, from, avoid, to, info.Silo);
            Announce(info, reason, recipients: null);
            // A lost router's silo is gone (this fails, quietly), or it was only slow to answer and forwards on while the
            // clients move (make-before-break); a drained one is retired by its silo once the clients moved.
            if (reason == MediaMoveReasons.Failure) RetireLater(from);
            return true;
        }
        catch (Exception ex)
        {
            // The room keeps its router (still answering after a false alarm, or not: the next checks try again).
            _pendingTries++;
            ConferenceMetrics.RecordRouterKept("move_failed");
            ConferenceMetrics.RecordMediaRouterFailure(ex.GetType().Name);
            logger.LogError(ex, "Room {Room}: moving the media from router {From} to {To} failed; the room keeps its router", Id, from, _pending);
            return false;
        }
        finally
        {
            _moving = false;
        }
    }

    /// <summary>
    /// A new router learns the participant's tracks and the simulcast streams earlier routers learned of them (a
    /// browser that ICE-restarts onto it keeps its SSRCs and no longer names their rids).
    /// </summary>
    private async Task<List<PublishedTrack>> GiveTracks(IMediaRouterGrain router, LiveParticipant participant)
    {
        var tracks = participant.Tracks.ToList();
        await router.SetTracks(participant.Id, tracks).WaitAsync(MoveCallTimeout);
        if (participant.Streams.Count > 0) await router.KnownStreams(participant.Id, participant.Streams.ToList()).WaitAsync(MoveCallTimeout);
        return tracks;
    }

    public Task StreamsLearned(string participantId, IReadOnlyList<PublisherStream> streams)
    {
        if (!_participants.TryGetValue(participantId, out var participant)) return Task.CompletedTask;
        foreach (var stream in streams)
        {
            if (participant.Tracks.All(t => t.TrackId != stream.TrackId)) continue;
            // One SSRC per (track, rid): a stream learned again (new SSRCs after the publisher re-created its sender) replaces the old.
            participant.Streams.RemoveAll(s => s.TrackId == stream.TrackId && (s.Rid == stream.Rid || s.Ssrc == stream.Ssrc));
            participant.Streams.Add(stream);
        }
        logger.LogInformation("Room {Room}: simulcast streams of {Participant} known: {Streams}", Id, participantId,
            string.Join(", ", participant.Streams.Select(s => $"{s.TrackId}/{s.Rid}={s.Ssrc}")));
        return Task.CompletedTask;
    }

    /// <summary>
    /// Joins, leaves and track changes during a move went to the old router (the room's until the switch): the new one
    /// is told what changed since it was given the tracks.
    /// </summary>
    private async Task CatchUp(Dictionary<string, List<PublishedTrack>> given)
    {
        foreach (var gone in given.Keys.Where(id => !_participants.ContainsKey(id)).ToList())
            await Media(router => router.Close(gone));
        foreach (var participant in _participants.Values.ToList())
        {
            if (given.TryGetValue(participant.Id, out var tracks) && tracks.SequenceEqual(participant.Tracks)) continue;
            await SyncMedia(participant);
        }
    }

    /// <summary>What the SFU silos report: whether any but <paramref name="leaving"/> can take the router (unknown: try).</summary>
    private async Task<bool> AnotherSfuSilo(string? leaving)
    {
        try
        {
            var loads = await GrainFactory.GetGrain<ISfuLoadGrain>("all").Get().WaitAsync(MoveCallTimeout);
            return MediaMoveDecision.AnotherSfuSilo(loads.Values, leaving);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Room {Room}: the SFU silos' loads could not be read; trying the media move", Id);
            return true;
        }
    }

    /// <summary>
    /// The generation a failed move tried is tried once more (its activation may only have been slow, and it answers
    /// now); then it is given up (it may sit on a silo that is dying) for a new one.
    /// </summary>
    private MediaRouterKey NextGeneration(MediaRouterKey from)
    {
        if (_pending is { } pending && _pendingTries < 2) return pending;
        DropPending();
        var to = new MediaRouterKey(Id, Math.Max(from.Generation, _generations) + 1);
        (_pending, _pendingTries, _generations) = (to, 0, to.Generation);
        return to;
    }

    /// <summary>The router a failure move left is retired once the clients had time to move (an old subscriber connection is kept ~15 s).</summary>
    private void RetireLater(MediaRouterKey old)
    {
        IGrainTimer? timer = null;
        timer = this.RegisterGrainTimer(() =>
        {
            timer?.Dispose();
            GrainFactory.GetGrain<IMediaRouterGrain>(old.ToString()).Retire().Ignore();
            return Task.CompletedTask;
        }, new GrainTimerCreationOptions(RetireLeftRouterAfter, Timeout.InfiniteTimeSpan) { Interleave = true });
    }

    private static readonly TimeSpan RetireLeftRouterAfter = TimeSpan.FromSeconds(10);

    /// <summary>A generation a failed move may have activated is retired (best effort: it holds no participant).</summary>
    private void DropPending()
    {
        if (_pending is not { } pending) return;
        _pending = null;
        GrainFactory.GetGrain<IMediaRouterGrain>(pending.ToString()).Retire().Ignore();
    }
}

public static class MediaMoveReasons
{
    public const string Failure = "failure";
    public const string Drain = "drain";
}

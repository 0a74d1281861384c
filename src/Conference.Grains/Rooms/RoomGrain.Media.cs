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

    private MediaRouterKey Router => _router ??= new MediaRouterKey(Id, 0);

    private TimeSpan MoveCallTimeout => options.Value.MediaCheckTimeout * 2;

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
        try
        {
            var info = await GrainFactory.GetGrain<IMediaRouterGrain>(key.ToString()).Describe()
                .WaitAsync(options.Value.MediaCheckTimeout, cancellation);
            if (key != Router || _moving) return;
            // The same generation answering from another silo (or at all, after its silo was found gone) is a new
            // activation: Orleans placed it again once the old silo was declared dead, before our misses added up. It
            // knows none of the room's tracks, and the participants do not know where it is. (A check that merely
            // timed out on a slow machine is not such a sign.) Likewise a new generation whose move timed out.
            var unannounced = _routerSilo is { } known && known != info.Silo ? MediaMoveReasons.Failure : _unannounced;
            (_routerSilo, _mediaSeen, _routerMisses, _unannounced) = (info.Silo, true, 0, null);
            if (unannounced is not null) await Adopt(key, info, unannounced);
            else if (_routerUnknownTo.Count > 0) Announce(info, MediaMoveReasons.Failure, [.. _routerUnknownTo]);
        }
        catch (Exception ex) when (key == Router && !cancellation.IsCancellationRequested)
        {
            // Without any SFU silo there is no media to move (placement finds no silo); a router placed on a silo that
            // died before it answered once (its connection refused or reset, or no answer) is moved like any other.
            if (!_mediaSeen && !IsSiloLost(ex)) return;
            if (_routerSilo is null && ex is not TimeoutException && IsSiloLost(ex)) _unannounced ??= MediaMoveReasons.Failure;
            if (++_routerMisses < options.Value.MediaCheckMisses || _moving) return;
            logger.LogWarning(ex, "Room {Room}: media router {Router} on {Silo} did not answer {Misses} checks; moving the room's media",
                Id, key, _routerSilo, _routerMisses);
            await Move(MediaMoveReasons.Failure);
        }
    }

    /// <summary>What a call to a grain on a silo that died (and is not yet declared dead) fails with.</summary>
    private static bool IsSiloLost(Exception ex) =>
        ex is TimeoutException or OrleansMessageRejectionException or Orleans.Runtime.Messaging.ConnectionFailedException
        || ex.InnerException is { } inner && IsSiloLost(inner);

    /// <summary>The current generation answered where nobody knows it (re-activated elsewhere, or its move timed out): give it the tracks and tell everyone.</summary>
    private async Task Adopt(MediaRouterKey key, RouterInfo info, string reason)
    {
        _moving = true;
        try
        {
            var router = GrainFactory.GetGrain<IMediaRouterGrain>(key.ToString());
            foreach (var participant in _participants.Values.ToList())
                await router.SetTracks(participant.Id, participant.Tracks.ToList()).WaitAsync(MoveCallTimeout);
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

    /// <summary>A new router generation, placed away from the old one's silo, gets everyone's tracks; then `mediaMoved`.</summary>
    private async Task<bool> Move(string reason)
    {
        _moving = true;
        var from = Router;
        var avoid = _routerSilo;
        _router = from.Next();
        (_routerSilo, _routerMisses, _unannounced) = (null, 0, null);
        var next = GrainFactory.GetGrain<IMediaRouterGrain>(Router.ToString());
        try
        {
            RequestContext.Set(PlacementHints.AvoidSilo, avoid ?? "");
            RouterInfo info;
            try
            {
                // Activates the new generation: placed now, with the hint above. Bounded, like every call of a move: a
                // new router placed on a silo that is dying must not hold the room (the next check moves again).
                info = await next.Describe().WaitAsync(MoveCallTimeout);
            }
            finally
            {
                RequestContext.Remove(PlacementHints.AvoidSilo);
            }
            foreach (var participant in _participants.Values.ToList())
                await next.SetTracks(participant.Id, participant.Tracks.ToList()).WaitAsync(MoveCallTimeout);
            _routerSilo = info.Silo;
            ConferenceMetrics.RecordRouterMoved(reason);
            logger.LogInformation("Room {Room}: media moved ({Reason}) from {From} on {OldSilo} to {To} on {Silo}", Id, reason, from, avoid, Router, info.Silo);
            Announce(info, reason, recipients: null);
            // A lost router's silo is gone (this fails, quietly); a drained one is retired by its silo once the clients moved.
            if (reason == MediaMoveReasons.Failure) GrainFactory.GetGrain<IMediaRouterGrain>(from.ToString()).Retire().Ignore();
            return true;
        }
        catch (Exception ex)
        {
            // The next check tries again: the new generation is moved on if it does not answer either, or given the
            // tracks and announced if it answers late (its activation outlasted our timeout on a loaded machine).
            _unannounced = reason;
            ConferenceMetrics.RecordMediaRouterFailure(ex.GetType().Name);
            logger.LogError(ex, "Room {Room}: moving the media to router {Router} failed", Id, Router);
            return false;
        }
        finally
        {
            _moving = false;
        }
    }
}

public static class MediaMoveReasons
{
    public const string Failure = "failure";
    public const string Drain = "drain";
}

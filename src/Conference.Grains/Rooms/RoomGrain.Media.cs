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

    private async Task CheckMedia(CancellationToken cancellation)
    {
        if (_participants.Count == 0 || _moving) return;
        var key = Router;
        try
        {
            var info = await GrainFactory.GetGrain<IMediaRouterGrain>(key.ToString()).Describe()
                .WaitAsync(options.Value.MediaCheckTimeout, cancellation);
            if (key != Router) return;
            (_routerSilo, _mediaSeen, _routerMisses) = (info.Silo, true, 0);
        }
        catch (Exception ex) when (key == Router && !cancellation.IsCancellationRequested)
        {
            // Without any SFU silo there is no media to move (placement finds no silo); a router placed on a silo that
            // died before it answered once (its connection refused, or no answer) is moved like any other.
            if (!_mediaSeen && ex is not (OrleansMessageRejectionException or TimeoutException)) return;
            if (++_routerMisses < options.Value.MediaCheckMisses || _moving) return;
            logger.LogWarning(ex, "Room {Room}: media router {Router} on {Silo} did not answer {Misses} checks; moving the room's media",
                Id, key, _routerSilo, _routerMisses);
            await Move(MediaMoveReasons.Failure);
        }
    }

    /// <summary>A new router generation, placed away from the old one's silo, gets everyone's tracks; then `mediaMoved`.</summary>
    private async Task<bool> Move(string reason)
    {
        _moving = true;
        var from = Router;
        var avoid = _routerSilo;
        _router = from.Next();
        (_routerSilo, _routerMisses) = (null, 0);
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
            var moved = new RoomEvent(Id, RoomEventTypes.MediaMoved)
            {
                Router = new MediaRouterLocation(info.Silo, info.MediaEndPoint), Reason = reason,
            };
            _gateways.Notify(gateway => gateway.OnRoomEvent(moved));
            // A lost router's silo is gone (this fails, quietly); a drained one is retired by its silo once the clients moved.
            if (reason == MediaMoveReasons.Failure) GrainFactory.GetGrain<IMediaRouterGrain>(from.ToString()).Retire().Ignore();
            return true;
        }
        catch (Exception ex)
        {
            // The next check tries again (the new generation does not answer either).
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

using Conference.Grains.Media;
using Conference.Grains.Rooms;
using Conference.Media;
using Conference.Rooms;
using Conference.Server.Hosting;

namespace Conference.Server.Media;

/// <summary>
/// Drains this SFU silo before it stops (SIGTERM, or `POST /api/admin/silos/{id}/drain` followed by a stop): it reports
/// itself draining so placement sends it no new room, asks each room with media here to move it (the room re-creates
/// its router on another SFU silo and tells everyone `mediaMoved`), keeps the old routers forwarding for
/// <see cref="MediaOptions.DrainGrace"/> while the participants renegotiate, then retires them. Registered after the
/// media engine host, so the host stops it first, while the engines and the silo still run.
/// </summary>
public sealed class SfuDrain(SfuEngine sfu, MediaEngineHost engines, IServiceProvider services, MediaOptions options,
    ConferenceOptions conference, IHostApplicationLifetime lifetime, ILogger<SfuDrain> logger) : IHostedService
{
    private readonly Lock _lock = new();
    private Task? _drain;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (conference.RoleSet.Contains(ServerRoles.Sfu))
        {
            // The admin API's drain: drain, then stop the process (whose StopAsync then waits for the same drain).
            sfu.OnDrain(() =>
            {
                var drain = Drain();
                _ = drain.ContinueWith(_ => lifetime.StopApplication(), TaskScheduler.Default);
                return drain;
            });
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) =>
        conference.RoleSet.Contains(ServerRoles.Sfu) && engines.IsRunning ? Drain().WaitAsync(cancellationToken) : Task.CompletedTask;

    /// <summary>Idempotent: the first call drains, later ones wait for the same drain.</summary>
    public Task Drain()
    {
        lock (_lock) return _drain ??= Task.Run(Run);
    }

    private async Task Run()
    {
        sfu.Draining = true;
        await engines.ReportLoadNow();
        var grains = services.GetRequiredService<IGrainFactory>();
        var routers = sfu.RouterKeys;
        logger.LogInformation("Draining this SFU silo: moving the media of {Count} room(s)", routers.Count);
        var moves = routers.Select(async key =>
        {
            try
            {
                return await grains.GetGrain<IRoomGrain>(MediaRouterKey.Parse(key).RoomId).MoveMedia(key, MediaMoveReasons.Drain);
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Drain: the media of router {Router} could not be moved", key);
                return false;
            }
        });
        var moved = (await Task.WhenAll(moves)).Count(m => m);
        // The old routers forward on while the participants renegotiate with the new ones.
        if (moved > 0) await Task.Delay(options.DrainGrace);
        foreach (var key in routers)
        {
            try { await grains.GetGrain<IMediaRouterGrain>(key).Retire(); }
            catch (Exception ex) { logger.LogWarning(ex, "Drain: router {Router} could not be retired", key); }
        }
        logger.LogInformation("Drained: {Moved} of {Count} room(s) moved to other SFU silos", moved, routers.Count);
    }
}

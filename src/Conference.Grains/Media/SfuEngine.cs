using Conference.Media.Peer;
using Conference.Media.Sfu.Rooms;

namespace Conference.Grains.Media;

/// <summary>
/// This silo's media engines (one receive loop and UDP port each, set by the host when the silo has the `sfu` role)
/// and the rooms forwarding on them. The silo is chosen by placement (<see cref="Placement.LeastLoadedSfuPlacement"/>);
/// within the silo, <see cref="ChooseEngine"/> puts a new room's router on the least-loaded engine, and the room stays
/// there (its state belongs to that engine's loop).
/// </summary>
public sealed class SfuEngine
{
    private readonly Dictionary<string, SfuRoom> _rooms = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private IReadOnlyList<MediaEngine> _engines = [];

    /// <summary>The engines, in port order; empty when this silo runs no media.</summary>
    public IReadOnlyList<MediaEngine> Engines
    {
        get => Volatile.Read(ref _engines);
        set => Volatile.Write(ref _engines, value);
    }

    /// <summary>The first engine (null without media): what a caller that needs any engine uses.</summary>
    public MediaEngine? Engine => Engines is [var first, ..] ? first : null;

    public SfuCounters Counters { get; } = new();

    /// <summary>Data-channel relay totals of all rooms on this silo.</summary>
    public Conference.Media.Sfu.DataChannelRelayCounters DataCounters { get; } = new();

    public IReadOnlyList<SfuRoom> Rooms
    {
        get { lock (_lock) return _rooms.Values.ToList(); }
    }

    /// <summary>The keys of the media routers forwarding here (one per room, see <see cref="Conference.Media.MediaRouterKey"/>).</summary>
    public IReadOnlyList<string> RouterKeys
    {
        get { lock (_lock) return _rooms.Keys.ToList(); }
    }

    /// <summary>Set once this silo drains: placement sends it no new room, and its rooms' media move away.</summary>
    public bool Draining
    {
        get => _draining;
        set => _draining = value;
    }

    private volatile bool _draining;
    private Func<Task>? _drainHandler;

    /// <summary>The host's drain (moves every room away, then stops the process); set when the silo runs media.</summary>
    public void OnDrain(Func<Task> drain) => Volatile.Write(ref _drainHandler, drain);

    /// <summary>Starts draining this silo (idempotent): what `POST /api/admin/silos/{id}/drain` reaches through <see cref="Placement.SiloGrain"/>.</summary>
    public Task Drain() => Volatile.Read(ref _drainHandler)?.Invoke() ?? Task.CompletedTask;

    /// <summary>Rooms here, each counting at least 1 (placement's unit, so rooms created together spread before media arrives).</summary>
    public int RoomUnits
    {
        get
        {
            lock (_lock) return _rooms.Values.Sum(r => Math.Max(1, r.PublishedTrackCount + r.SubscriptionCount));
        }
    }

    /// <summary>Forwarded tracks × subscribers on this silo: the load placement balances.</summary>
    public int Load
    {
        get
        {
            lock (_lock) return _rooms.Values.Sum(r => r.PublishedTrackCount + r.SubscriptionCount);
        }
    }

    /// <summary>
    /// The engine for a new room: the one whose rooms forward the least (published tracks + subscriptions, a room
    /// counting at least 1 so that rooms created together spread before their media arrives). Null without engines.
    /// </summary>
    public MediaEngine? ChooseEngine()
    {
        var engines = Engines;
        if (engines.Count <= 1) return engines.Count == 0 ? null : engines[0];
        lock (_lock)
        {
            return engines.MinBy(engine => _rooms.Values.Where(r => r.Engine == engine)
                .Sum(r => Math.Max(1, r.PublishedTrackCount + r.SubscriptionCount)));
        }
    }

    /// <summary>Load per engine, in <see cref="Engines"/> order (the metrics).</summary>
    public int EngineLoad(MediaEngine engine)
    {
        lock (_lock) return _rooms.Values.Where(r => r.Engine == engine).Sum(r => r.PublishedTrackCount + r.SubscriptionCount);
    }

    internal void Add(string routerKey, SfuRoom room)
    {
        lock (_lock) _rooms[routerKey] = room;
    }

    internal void Remove(string routerKey, SfuRoom room)
    {
        lock (_lock)
        {
            if (_rooms.TryGetValue(routerKey, out var current) && current == room) _rooms.Remove(routerKey);
        }
    }
}

using Conference.Media.Peer;
using Conference.Media.Sfu.Rooms;

namespace Conference.Grains.Media;

/// <summary>
/// This silo's media engine, set by the host when the silo has the `sfu` role, and the rooms forwarding on it
/// (for load-aware placement and the metrics). Media grains use it.
/// </summary>
public sealed class SfuEngine
{
    private readonly Dictionary<string, SfuRoom> _rooms = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public MediaEngine? Engine { get; set; }

    public SfuCounters Counters { get; } = new();

    /// <summary>Data-channel relay totals of all rooms on this silo.</summary>
    public Conference.Media.Sfu.DataChannelRelayCounters DataCounters { get; } = new();

    public IReadOnlyList<SfuRoom> Rooms
    {
        get { lock (_lock) return _rooms.Values.ToList(); }
    }

    /// <summary>Forwarded tracks × subscribers on this silo: the load placement balances.</summary>
    public int Load
    {
        get
        {
            lock (_lock) return _rooms.Values.Sum(r => r.PublishedTrackCount + r.SubscriptionCount);
        }
    }

    internal void Add(SfuRoom room)
    {
        lock (_lock) _rooms[room.RoomId] = room;
    }

    internal void Remove(SfuRoom room)
    {
        lock (_lock)
        {
            if (_rooms.TryGetValue(room.RoomId, out var current) && current == room) _rooms.Remove(room.RoomId);
        }
    }
}

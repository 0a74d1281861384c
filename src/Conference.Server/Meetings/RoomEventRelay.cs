using System.Collections.Concurrent;
using Conference.Rooms;
using Microsoft.AspNetCore.SignalR;

namespace Conference.Server.Meetings;

/// <summary>
/// This gateway's observer of the rooms its connections are in: subscribes to a room grain while at least one
/// local connection is in the room (renewing before the subscription expires) and forwards each event to the
/// room's local SignalR group. Several gateways each hold their own relay.
/// </summary>
public sealed class RoomEventRelay(IGrainFactory grains, IHubContext<ConferenceHub> hub, ILogger<RoomEventRelay> logger)
    : IRoomObserver, IHostedService, IDisposable
{
    /// <summary>Also how soon a room grain re-activated elsewhere (its silo died) gets this gateway back.</summary>
    private static readonly TimeSpan Renewal = TimeSpan.FromSeconds(15);
    private readonly ConcurrentDictionary<string, RoomSubscription> _rooms = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _connections = new(StringComparer.Ordinal); // participant → connection
    private IRoomObserver? _reference;
    private Timer? _renewal;

    public static string Group(string roomId) => $"room:{roomId}";

    public Task OnRoomEvent(RoomEvent roomEvent)
    {
        if (roomEvent.Recipient is not { } recipient) return hub.Clients.Group(Group(roomEvent.RoomId)).SendAsync(roomEvent.Type, roomEvent);
        // Meant for one participant (its subscriber offer): only the gateway holding its connection sends it.
        return _connections.TryGetValue(recipient, out var connectionId)
            ? hub.Clients.Client(connectionId).SendAsync(roomEvent.Type, roomEvent)
            : Task.CompletedTask;
    }

    /// <summary>This gateway holds the participant's connection (joined or resumed here).</summary>
    public void Attach(string participantId, string connectionId) => _connections[participantId] = connectionId;

    public void Detach(string participantId, string connectionId) => _connections.TryRemove(new(participantId, connectionId));

    /// <summary>
    /// A local connection enters the room. Always (re)subscribes before the join: the room grain may have been
    /// re-activated (or briefly duplicated while a silo died) without this gateway's subscription, and a join must
    /// never depend on an earlier one. Subscribe and Unsubscribe of one room run one at a time, in order, so the
    /// last connection's Unsubscribe can never reach the grain after the next connection's Subscribe.
    /// </summary>
    public async Task Enter(string roomId)
    {
        var room = await Lock(roomId);
        try
        {
            await grains.GetGrain<IRoomGrain>(roomId).Subscribe(Reference);
            room.Connections++;
        }
        finally
        {
            room.Gate.Release();
        }
    }

    public async Task Exit(string roomId)
    {
        var room = await Lock(roomId);
        try
        {
            room.Connections = Math.Max(0, room.Connections - 1);
            if (room.Connections > 0) return;
            _rooms.TryRemove(new(roomId, room));
            room.Gone = true;
            await grains.GetGrain<IRoomGrain>(roomId).Unsubscribe(Reference);
        }
        finally
        {
            room.Gate.Release();
        }
    }

    /// <summary>The room's entry, locked; an entry removed while we waited is replaced by a fresh one.</summary>
    private async Task<RoomSubscription> Lock(string roomId)
    {
        while (true)
        {
            var room = _rooms.GetOrAdd(roomId, _ => new RoomSubscription());
            await room.Gate.WaitAsync();
            if (!room.Gone) return room;
            room.Gate.Release();
        }
    }

    private sealed class RoomSubscription
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);
        public int Connections { get; set; }
        public bool Gone { get; set; }
    }

    private IRoomObserver Reference => _reference ??= grains.CreateObjectReference<IRoomObserver>(this);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _renewal = new Timer(_ => _ = Renew(), null, Renewal, Renewal);
        return Task.CompletedTask;
    }

    /// <summary>Runs before the silo or client stops (registered after it), while the runtime can still release the reference.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_renewal is not null) await _renewal.DisposeAsync();
        if (Interlocked.Exchange(ref _reference, null) is { } reference)
        {
            try { grains.DeleteObjectReference<IRoomObserver>(reference); }
            catch (Exception ex) { logger.LogDebug(ex, "Room observer reference already released"); }
        }
    }

    private async Task Renew()
    {
        foreach (var roomId in _rooms.Keys)
        {
            var room = await Lock(roomId);
            try
            {
                if (room.Connections > 0) await grains.GetGrain<IRoomGrain>(roomId).Subscribe(Reference);
                else if (_rooms.TryRemove(new(roomId, room))) room.Gone = true;
            }
            catch (Exception ex) { logger.LogWarning(ex, "Could not renew the subscription to room {Room}", roomId); }
            finally { room.Gate.Release(); }
        }
    }

    public void Dispose() => _renewal?.Dispose();
}

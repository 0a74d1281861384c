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
    private static readonly TimeSpan Renewal = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, int> _rooms = new(StringComparer.Ordinal);
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

    public async Task Enter(string roomId)
    {
        if (_rooms.AddOrUpdate(roomId, 1, (_, n) => n + 1) == 1)
            await grains.GetGrain<IRoomGrain>(roomId).Subscribe(Reference);
    }

    public async Task Exit(string roomId)
    {
        if (_rooms.AddOrUpdate(roomId, 0, (_, n) => Math.Max(0, n - 1)) == 0 && _rooms.TryRemove(new(roomId, 0)))
            await grains.GetGrain<IRoomGrain>(roomId).Unsubscribe(Reference);
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
            try { await grains.GetGrain<IRoomGrain>(roomId).Subscribe(Reference); }
            catch (Exception ex) { logger.LogWarning(ex, "Could not renew the subscription to room {Room}", roomId); }
        }
    }

    public void Dispose() => _renewal?.Dispose();
}

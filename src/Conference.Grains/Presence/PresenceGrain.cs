using Conference.Presence;
using Conference.Rooms;
using Microsoft.Extensions.Options;

namespace Conference.Grains.Presence;

public sealed class PresenceOptions
{
    /// <summary>How long a connection lost without a clean close still counts as online.</summary>
    public TimeSpan Grace { get; set; } = TimeSpan.FromSeconds(30);
}

[GenerateSerializer, Alias("conference.PresenceState")]
public sealed record PresenceState
{
    [Id(0)] public DateTimeOffset? LastSeen { get; init; }
}

[Placement.RequiresRole("core")]
public sealed class PresenceGrain(
    [PersistentState("presence", StorageNames.Store)] IPersistentState<PresenceState> state,
    IOptions<PresenceOptions> options,
    TimeProvider time) : Grain, IPresenceGrain
{
    private readonly Dictionary<string, Connection> _connections = new(StringComparer.Ordinal);
    private PresenceStatus _published = PresenceStatus.Offline;

    private string UserId => this.GetPrimaryKeyString();

    public Task Connected(string connectionId)
    {
        _connections[connectionId] = new Connection();
        return Changed();
    }

    public Task Disconnected(string connectionId, bool clean)
    {
        if (!_connections.TryGetValue(connectionId, out var connection)) return Task.CompletedTask;
        if (clean) return Remove(connectionId);
        connection.GraceTimer ??= this.RegisterGrainTimer(_ => Remove(connectionId),
            new GrainTimerCreationOptions(options.Value.Grace, Timeout.InfiniteTimeSpan));
        return Task.CompletedTask;
    }

    public Task EnteredRoom(string connectionId, string roomId) => Update(connectionId, c => c.RoomId = roomId);

    public Task LeftRoom(string connectionId) => Update(connectionId, c => c.RoomId = null);

    public Task SetAway(string connectionId, bool away) => Update(connectionId, c => c.Away = away);

    public Task<UserPresence> Get() => Task.FromResult(new UserPresence(UserId, Status(), state.State.LastSeen));

    private async Task Remove(string connectionId)
    {
        if (!_connections.Remove(connectionId, out var connection)) return;
        connection.GraceTimer?.Dispose();
        if (_connections.Count == 0)
        {
            state.State = new PresenceState { LastSeen = time.GetUtcNow() };
            await state.WriteStateAsync();
        }
        await Changed(connection.RoomId);
    }

    private Task Update(string connectionId, Action<Connection> change)
    {
        if (!_connections.TryGetValue(connectionId, out var connection)) return Task.CompletedTask;
        var room = connection.RoomId;
        change(connection);
        return Changed(room);
    }

    private PresenceStatus Status() =>
        _connections.Count == 0 ? PresenceStatus.Offline
        : _connections.Values.Any(c => c.RoomId is not null) ? PresenceStatus.InCall
        : _connections.Values.All(c => c.Away) ? PresenceStatus.Away
        : PresenceStatus.Online;

    /// <summary>Pushes the new status to every room the user is (or just was) in, when it changed.</summary>
    private async Task Changed(string? alsoRoom = null)
    {
        var status = Status();
        var rooms = _connections.Values.Select(c => c.RoomId).Append(alsoRoom).OfType<string>().Distinct().ToList();
        if (status == _published && alsoRoom is null) return;
        _published = status;
        var presence = new UserPresence(UserId, status, state.State.LastSeen);
        foreach (var roomId in rooms)
            await GrainFactory.GetGrain<IRoomGrain>(roomId).Broadcast(new RoomEvent(roomId, RoomEventTypes.Presence, UserId: UserId, Presence: presence));
    }

    private sealed class Connection
    {
        public string? RoomId { get; set; }
        public bool Away { get; set; }
        public IGrainTimer? GraceTimer { get; set; }
    }
}

using Conference.Rooms;

namespace Conference.Grains.Rooms;

[GenerateSerializer, Alias("conference.RoomState")]
public sealed record RoomState
{
    [Id(0)] public Room? Room { get; init; }

    /// <summary>Call history, oldest first; the open session (if any) is the last one.</summary>
    [Id(1)] public List<CallSession> Sessions { get; init; } = [];

    /// <summary>Tasks made from the room's chat, oldest first.</summary>
    [Id(2)] public List<MeetingTask> Tasks { get; init; } = [];

    /// <summary>While a session is open: the last time this room's activation was known alive (heartbeat).</summary>
    [Id(3)] public DateTimeOffset? AliveAt { get; init; }
}

public sealed class RoomOptions
{
    /// <summary>How long a participant whose connection dropped may resume before it is removed.</summary>
    public TimeSpan DisconnectGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A gateway that stops renewing its subscription stops getting events after this long.</summary>
    public TimeSpan ObserverExpiry { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>
    /// While a call session is open the room records that it is alive this often, so a session whose silo died is
    /// closed at (about) the time it died rather than when the room is next activated.
    /// </summary>
    public TimeSpan AliveInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// While people are in the call the room asks its media router how it is this often; after
    /// <see cref="MediaCheckMisses"/> unanswered checks in a row (each given <see cref="MediaCheckTimeout"/>) the router's
    /// SFU silo is taken for lost and the room's media moves to another SFU silo (`mediaMoved`), without waiting for
    /// Orleans membership to declare the silo dead. Only when another SFU silo can take the router: a room keeps a lone
    /// SFU silo's router however its checks go, and keeps its router when a move fails.
    /// </summary>
    public TimeSpan MediaCheckInterval { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan MediaCheckTimeout { get; set; } = TimeSpan.FromSeconds(2);
    public int MediaCheckMisses { get; set; } = 2;

    /// <summary>Each call of a media move (reading the SFU silos' loads, activating the new router, giving it the tracks) is bounded by this.</summary>
    public TimeSpan MediaMoveCallTimeout { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>Call sessions kept in the room's history.</summary>
    public int SessionsKept { get; set; } = 500;

    /// <summary>Tasks made from the chat kept in the room's history (the tasks themselves stay).</summary>
    public int MeetingTasksKept { get; set; } = 5000;
}

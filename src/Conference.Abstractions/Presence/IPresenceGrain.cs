namespace Conference.Presence;

[GenerateSerializer, Alias("conference.PresenceStatus")]
public enum PresenceStatus
{
    Offline = 0,
    Online = 1,
    Away = 2,
    InCall = 3,
}

[Immutable, GenerateSerializer, Alias("conference.UserPresence")]
public sealed record UserPresence(
    [property: Id(0)] string UserId,
    [property: Id(1)] PresenceStatus Status,
    [property: Id(2)] DateTimeOffset? LastSeen);

/// <summary>
/// A user's presence across all their connections (key: user id): online while any connection is up, in a call
/// while any connection is in a room, away when the client says so; a connection that vanishes without a clean
/// close counts until the grace period ends. Changes are pushed to the rooms the user is in.
/// </summary>
[Alias("conference.IPresenceGrain")]
public interface IPresenceGrain : IGrainWithStringKey
{
    [Alias("Connected")] Task Connected(string connectionId);

    /// <summary>A clean close ends the connection now; a lost one only after the grace period.</summary>
    [Alias("Disconnected")] Task Disconnected(string connectionId, bool clean);

    [Alias("EnteredRoom")] Task EnteredRoom(string connectionId, string roomId);
    [Alias("LeftRoom")] Task LeftRoom(string connectionId);
    [Alias("SetAway")] Task SetAway(string connectionId, bool away);

    [AlwaysInterleave, Alias("Get")] Task<UserPresence> Get();
}

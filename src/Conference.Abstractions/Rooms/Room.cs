namespace Conference.Rooms;

/// <summary>created: no call yet; active: calls have happened or are happening; ended: closed for good.</summary>
[GenerateSerializer, Alias("conference.RoomStatus")]
public enum RoomStatus
{
    Created = 0,
    Active = 1,
    Ended = 2,
}

[GenerateSerializer, Alias("conference.RoomRole")]
public enum RoomRole
{
    Participant = 0,
    Host = 1,
}

[GenerateSerializer, Alias("conference.TrackKind")]
public enum TrackKind
{
    Audio = 0,
    Video = 1,
}

[GenerateSerializer, Alias("conference.TrackSource")]
public enum TrackSource
{
    Camera = 0,
    Microphone = 1,
    Screen = 2,
}

[Immutable, GenerateSerializer, Alias("conference.Room")]
public sealed record Room(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string? ProjectId,
    [property: Id(3)] RoomStatus Status,
    [property: Id(4)] string CreatedBy,
    [property: Id(5)] string? ActiveSessionId,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] DateTimeOffset UpdatedAt,
    [property: Id(8)] DateTimeOffset? EndedAt,
    [property: Id(9)] long Version) : Common.IVersioned;

[Immutable, GenerateSerializer, Alias("conference.RoomInput")]
public sealed record RoomInput([property: Id(0)] string? Name, [property: Id(1)] string? ProjectId);

[Immutable, GenerateSerializer, Alias("conference.PublishedTrack")]
public sealed record PublishedTrack(
    [property: Id(0)] string TrackId,
    [property: Id(1)] TrackKind Kind,
    [property: Id(2)] TrackSource Source,
    [property: Id(3)] bool Muted,
    [property: Id(4)] DateTimeOffset PublishedAt,
    [property: Id(5)] string? ClientTrackId = null);

[Immutable, GenerateSerializer, Alias("conference.TrackInput")]
public sealed record TrackInput([property: Id(0)] TrackKind? Kind, [property: Id(1)] TrackSource? Source, [property: Id(2)] bool Muted = false,
    [property: Id(3)] string? ClientTrackId = null);

/// <summary>A connection of a user to the room's call; a user may be connected from several devices.</summary>
[Immutable, GenerateSerializer, Alias("conference.Participant")]
public sealed record Participant(
    [property: Id(0)] string ParticipantId,
    [property: Id(1)] string UserId,
    [property: Id(2)] string Name,
    [property: Id(3)] RoomRole Role,
    [property: Id(4)] DateTimeOffset JoinedAt,
    [property: Id(5)] bool Connected,
    [property: Id(6)] IReadOnlyList<PublishedTrack> Tracks);

[Immutable, GenerateSerializer, Alias("conference.Attendance")]
public sealed record Attendance(
    [property: Id(0)] string UserId,
    [property: Id(1)] string Name,
    [property: Id(2)] DateTimeOffset JoinedAt,
    [property: Id(3)] DateTimeOffset? LeftAt);

/// <summary>One call: from the first join to the last leave, with who was there and for how long.</summary>
[Immutable, GenerateSerializer, Alias("conference.CallSession")]
public sealed record CallSession(
    [property: Id(0)] string Id,
    [property: Id(1)] DateTimeOffset StartedAt,
    [property: Id(2)] DateTimeOffset? EndedAt,
    [property: Id(3)] IReadOnlyList<Attendance> Attendance);

/// <summary>What a joining participant gets back: their id and the room as it is now.</summary>
[Immutable, GenerateSerializer, Alias("conference.JoinedRoom")]
public sealed record JoinedRoom(
    [property: Id(0)] string ParticipantId,
    [property: Id(1)] Room Room,
    [property: Id(2)] IReadOnlyList<Participant> Participants);

[Immutable, GenerateSerializer, Alias("conference.RoomSummary")]
public sealed record RoomSummary([property: Id(0)] RoomStatus Status, [property: Id(1)] string? ProjectId, [property: Id(2)] string CreatedBy);

/// <param name="VisibleTo">Null for everything (admins); else rooms created by this user or in one of <paramref name="Projects"/>.</param>
[Immutable, GenerateSerializer, Alias("conference.RoomFilter")]
public sealed record RoomFilter(
    [property: Id(0)] RoomStatus? Status = null,
    [property: Id(1)] string? ProjectId = null,
    [property: Id(2)] string? VisibleTo = null,
    [property: Id(3)] IReadOnlyList<string>? Projects = null);

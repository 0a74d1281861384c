namespace Conference.Rooms;

/// <summary>
/// A task made from one of the room's chat messages. <see cref="SessionId"/> is the call it belongs to: the call
/// that was open when the task was made, else the call during which the message was sent (null when neither).
/// </summary>
[Immutable, GenerateSerializer, Alias("conference.MeetingTask")]
public sealed record MeetingTask(
    [property: Id(0)] string TaskId,
    [property: Id(1)] string? SessionId,
    [property: Id(2)] string MessageId,
    [property: Id(3)] string CreatedBy,
    [property: Id(4)] DateTimeOffset CreatedAt);

/// <summary>One call of a room and the tasks made during it: what a meeting's summary shows.</summary>
[Immutable, GenerateSerializer, Alias("conference.MeetingRecord")]
public sealed record MeetingRecord(
    [property: Id(0)] Room Room,
    [property: Id(1)] CallSession Session,
    [property: Id(2)] IReadOnlyList<MeetingTask> Tasks);

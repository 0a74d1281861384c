namespace Conference.Activity;

[GenerateSerializer, Alias("conference.ActivityAction")]
public enum ActivityAction
{
    Created = 0,
    Updated = 1,
    Deleted = 2,
}

[GenerateSerializer, Alias("conference.ActivitySubject")]
public enum ActivitySubject
{
    Task = 0,
    Project = 1,
}

/// <summary>
/// One recorded change: who (null: the system, e.g. a cascade), when, what, and for updates which field went from
/// what to what. Values are rendered as the API spells them (enums snake_case, dates YYYY-MM-DD, lists comma-separated).
/// </summary>
[Immutable, GenerateSerializer, Alias("conference.ActivityEntry")]
public sealed record ActivityEntry(
    [property: Id(0)] ActivitySubject Subject,
    [property: Id(1)] string SubjectId,
    [property: Id(2)] ActivityAction Action,
    [property: Id(3)] string? Field,
    [property: Id(4)] string? From,
    [property: Id(5)] string? To,
    [property: Id(6)] string? ActorId,
    [property: Id(7)] DateTimeOffset At);

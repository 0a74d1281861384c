namespace Conference.Notifications;

[GenerateSerializer, Alias("conference.NotificationKind")]
public enum NotificationKind
{
    /// <summary>Someone mentioned the user (@id) in a comment.</summary>
    Mention = 0,
    /// <summary>A task was assigned to the user.</summary>
    Assigned = 1,
    /// <summary>A task the user watches changed (fields, or a new comment).</summary>
    TaskChanged = 2,
}

[Immutable, GenerateSerializer, Alias("conference.Notification")]
public sealed record Notification(
    [property: Id(0)] string Id,
    [property: Id(1)] NotificationKind Kind,
    [property: Id(2)] string ProjectId,
    [property: Id(3)] string TaskId,
    [property: Id(4)] string? ActorId,
    [property: Id(5)] string Message,
    [property: Id(6)] DateTimeOffset At,
    [property: Id(7)] bool Read = false);

[Immutable, GenerateSerializer, Alias("conference.NotificationReadInput")]
public sealed record NotificationReadInput([property: Id(0)] bool? Read);

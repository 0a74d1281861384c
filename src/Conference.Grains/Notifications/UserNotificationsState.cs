using Conference.Notifications;

namespace Conference.Grains.Notifications;

[GenerateSerializer, Alias("conference.UserNotificationsState")]
public sealed record UserNotificationsState
{
    [Id(0)] public long NextSequence { get; init; } = 1;

    [Id(1)] public List<NotificationRecord> Records { get; init; } = [];
}

[GenerateSerializer, Alias("conference.NotificationRecord")]
public sealed record NotificationRecord([property: Id(0)] long Sequence, [property: Id(1)] Notification Notification);

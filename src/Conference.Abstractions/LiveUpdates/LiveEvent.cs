using Conference.Notifications;
using Conference.ProjectEvents;

namespace Conference.LiveUpdates;

/// <summary>An event for the SignalR connections listening to one feed: <see cref="Name"/> is the hub event name.</summary>
[Immutable, GenerateSerializer, Alias("conference.LiveEvent")]
public sealed record LiveEvent(
    [property: Id(0)] string Feed,
    [property: Id(1)] string Name,
    [property: Id(2)] ProjectEvent? Project = null,
    [property: Id(3)] Notification? Notification = null,
    [property: Id(4)] string? AccountId = null)
{
    /// <summary>What the clients receive as the event's one argument.</summary>
    public object? Payload => (object?)Project ?? Notification;

    public static LiveEvent Of(ProjectEvent projectEvent) =>
        new(LiveFeeds.Project(projectEvent.ProjectId), ProjectEventTypes.HubEventName(projectEvent.Type), Project: projectEvent);

    /// <summary>An account's role, password or existence changed: gateways drop what they cached about it.</summary>
    public static LiveEvent AccountChanged(string userId) => new(LiveFeeds.Accounts, LiveFeeds.AccountChangedEvent, AccountId: userId);

    public static LiveEvent Of(string userId, Notification notification) =>
        new(LiveFeeds.User(userId), LiveFeeds.NotificationEvent, Notification: notification);
}

/// <summary>Feed keys: a project's changes, one user's notifications, or account changes (every gateway listens).</summary>
public static class LiveFeeds
{
    public const string NotificationEvent = "notification";
    public const string Accounts = "accounts";
    public const string AccountChangedEvent = "accountChanged";

    public static string Project(string projectId) => $"project:{projectId}";

    public static string User(string userId) => $"user:{userId}";
}

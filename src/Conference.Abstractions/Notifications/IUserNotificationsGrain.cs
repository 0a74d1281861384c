using Conference.Common;

namespace Conference.Notifications;

/// <summary>One user's notifications (key: user id), newest last; the oldest are dropped past a cap.</summary>
[Alias("conference.IUserNotificationsGrain")]
public interface IUserNotificationsGrain : IGrainWithStringKey
{
    [Alias("Add")] Task Add(Notification notification);
    [Alias("List")] Task<Page<Notification>> List(bool unreadOnly, PageRequest page);
    [Alias("SetRead")] Task<Result<Notification>> SetRead(string notificationId, bool read);

    /// <summary>Marks every notification read; answers how many changed.</summary>
    [Alias("MarkAllRead")] Task<int> MarkAllRead();

    /// <summary>Drops the inbox (the user was deleted).</summary>
    [Alias("Clear")] Task Clear();
}

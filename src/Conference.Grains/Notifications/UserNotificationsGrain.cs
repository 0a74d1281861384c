using Conference.Common;
using Conference.Grains.Catalogs;
using Conference.LiveUpdates;
using Conference.Notifications;

namespace Conference.Grains.Notifications;

[Placement.RequiresRole("core")]
public sealed class UserNotificationsGrain(
    [PersistentState("notifications", StorageNames.Store)] IPersistentState<SequencedList<Notification>> state) : Grain, IUserNotificationsGrain
{
    /// <summary>A user keeps the latest this many; older ones go, read or not.</summary>
    public const int Cap = 1_000;

    /// <summary>Stores the notification, then pushes it to the user's live connections (one way, on any gateway).</summary>
    public async Task Add(Notification notification)
    {
        await state.Write(state.State.Append([notification]).KeepLast(Cap));
        var userId = this.GetPrimaryKeyString();
        await GrainFactory.GetGrain<ILiveFeedGrain>(LiveFeeds.User(userId)).Publish(LiveEvent.Of(userId, notification));
    }

    public Task<Page<Notification>> List(bool unreadOnly, PageRequest page) =>
        Task.FromResult(state.State.Page(page, n => !unreadOnly || !n.Read));

    public async Task<Result<Notification>> SetRead(string notificationId, bool read)
    {
        if (state.State.Items.FirstOrDefault(n => n.Id == notificationId) is not { } notification)
            return ResourceError.NotFound("Notification", notificationId);
        if (notification.Read != read)
            await state.Write(state.State.Replace(n => n.Id == notificationId, n => n with { Read = read }));
        return notification with { Read = read };
    }

    public async Task<int> MarkAllRead()
    {
        var unread = state.State.Items.Count(n => !n.Read);
        if (unread > 0) await state.Write(state.State.Replace(n => !n.Read, n => n with { Read = true }));
        return unread;
    }

    public async Task Clear()
    {
        if (state.RecordExists) await state.ClearStateAsync();
        state.State = new SequencedList<Notification>();
    }
}

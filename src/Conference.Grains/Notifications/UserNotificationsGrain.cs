using Conference.Common;
using Conference.Grains.Catalogs;
using Conference.Notifications;

namespace Conference.Grains.Notifications;

public sealed class UserNotificationsGrain(
    [PersistentState("notifications", StorageNames.Store)] IPersistentState<UserNotificationsState> state) : Grain, IUserNotificationsGrain
{
    /// <summary>A user keeps the latest this many; older ones go, read or not.</summary>
    public const int Cap = 1_000;

    public async Task Add(Notification notification)
    {
        var records = state.State.Records.Append(new NotificationRecord(state.State.NextSequence, notification)).TakeLast(Cap).ToList();
        await Write(state.State with { NextSequence = state.State.NextSequence + 1, Records = records });
    }

    public Task<Page<Notification>> List(bool unreadOnly, PageRequest page) =>
        Task.FromResult(SequencedPage.Of(state.State.Records.Where(r => !unreadOnly || !r.Notification.Read),
            r => r.Sequence, r => r.Notification, page));

    public async Task<Result<Notification>> SetRead(string notificationId, bool read)
    {
        if (state.State.Records.FirstOrDefault(r => r.Notification.Id == notificationId) is not { } record)
            return ResourceError.NotFound("Notification", notificationId);
        if (record.Notification.Read == read) return record.Notification;
        var changed = record.Notification with { Read = read };
        await Write(state.State with { Records = state.State.Records.Select(r => r == record ? r with { Notification = changed } : r).ToList() });
        return changed;
    }

    public async Task<int> MarkAllRead()
    {
        var unread = state.State.Records.Count(r => !r.Notification.Read);
        if (unread == 0) return 0;
        await Write(state.State with { Records = state.State.Records.Select(r => r with { Notification = r.Notification with { Read = true } }).ToList() });
        return unread;
    }

    private async Task Write(UserNotificationsState next)
    {
        var previous = state.State;
        state.State = next;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State = previous;
            throw;
        }
    }
}

using Conference.Activity;
using Conference.Common;
using Conference.Grains.Catalogs;

namespace Conference.Grains.Activity;

/// <summary>
/// Append-only history of a project. Entries are appended after the owner's write has landed, so a crash in between
/// can lose an entry but never records a change that did not happen.
/// </summary>
[Placement.RequiresRole("core")]
public sealed class ActivityLogGrain(
    [PersistentState("activityLog", StorageNames.Store)] IPersistentState<SequencedList<ActivityEntry>> state) : Grain, IActivityLogGrain
{
    public async Task Append(IReadOnlyList<ActivityEntry> entries)
    {
        if (entries.Count > 0) await state.Write(state.State.Append(entries));
    }

    public Task<Page<ActivityEntry>> List(string? subjectId, PageRequest page) =>
        Task.FromResult(state.State.Page(page, e => subjectId is null || e.SubjectId == subjectId));

    public Task<IReadOnlyList<ActivityEntry>> TaskEntries() =>
        Task.FromResult<IReadOnlyList<ActivityEntry>>(state.State.Items.Where(e => e.Subject == ActivitySubject.Task).ToList());

    public async Task Clear()
    {
        if (state.RecordExists) await state.ClearStateAsync();
        state.State = new SequencedList<ActivityEntry>();
    }
}

using Conference.Activity;
using Conference.Common;
using Conference.Grains.Catalogs;

namespace Conference.Grains.Activity;

/// <summary>
/// Append-only history of a project. Entries are appended after the owner's write has landed, so a crash in between
/// can lose an entry but never records a change that did not happen.
/// </summary>
public sealed class ActivityLogGrain(
    [PersistentState("activityLog", StorageNames.Store)] IPersistentState<ActivityLogState> state) : Grain, IActivityLogGrain
{
    public async Task Append(IReadOnlyList<ActivityEntry> entries)
    {
        if (entries.Count == 0) return;
        var next = state.State.NextSequence;
        var records = new List<ActivityRecord>(state.State.Records);
        records.AddRange(entries.Select(entry => new ActivityRecord(next++, entry)));
        var previous = state.State;
        state.State = previous with { NextSequence = next, Records = records };
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

    public Task<Page<ActivityEntry>> List(string? subjectId, PageRequest page) =>
        Task.FromResult(SequencedPage.Of(state.State.Records.Where(r => subjectId is null || r.Entry.SubjectId == subjectId),
            r => r.Sequence, r => r.Entry, page));

    public Task<IReadOnlyList<ActivityEntry>> TaskEntries() =>
        Task.FromResult<IReadOnlyList<ActivityEntry>>(state.State.Records.Select(r => r.Entry).Where(e => e.Subject == ActivitySubject.Task).ToList());

    public async Task Clear()
    {
        if (state.RecordExists) await state.ClearStateAsync();
        state.State = new ActivityLogState();
    }
}

using Conference.Common;

namespace Conference.Activity;

/// <summary>The change history of one project and its tasks (key: project id), in the order it happened.</summary>
[Alias("conference.IActivityLogGrain")]
public interface IActivityLogGrain : IGrainWithStringKey
{
    [Alias("Append")] Task Append(IReadOnlyList<ActivityEntry> entries);

    /// <summary>A page of entries, optionally only those of one subject (a task's history).</summary>
    [Alias("List")] Task<Page<ActivityEntry>> List(string? subjectId, PageRequest page);

    /// <summary>Every entry about tasks, oldest first (what reports derive from).</summary>
    [Alias("TaskEntries")] Task<IReadOnlyList<ActivityEntry>> TaskEntries();

    [Alias("Clear")] Task Clear();
}

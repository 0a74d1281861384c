using Conference.Tasks;

namespace Conference.Search;

/// <summary>
/// The full-text and filter index of one project's tasks (key: project id). Owners update it after their writes
/// land (best effort, like the activity log); <see cref="Rebuild"/> re-reads the project's tasks so an index heals.
/// </summary>
[Alias("conference.ISearchIndexGrain")]
public interface ISearchIndexGrain : IGrainWithStringKey
{
    /// <summary>Indexes a task's current name, description and filter fields (its comments' text stays).</summary>
    [Alias("Upsert")] Task Upsert(TaskItem task);

    /// <summary>Replaces the comment text indexed for a task.</summary>
    [Alias("SetComments")] Task SetComments(string taskId, IReadOnlyList<string> texts);

    [Alias("Remove")] Task Remove(string taskId);

    /// <summary>Drops the whole index (the project was deleted).</summary>
    [Alias("Clear")] Task Clear();

    /// <summary>Up to <c>limit</c> matching task ids after <c>afterTaskId</c>, in task id order, and how many match in all.</summary>
    [Alias("Search")] Task<SearchHits> Search(SearchQuery query, string? afterTaskId, int limit);

    /// <summary>Re-reads every task of the project (catalog, task and comment grains); answers how many are indexed.</summary>
    [Alias("Rebuild")] Task<int> Rebuild();
}

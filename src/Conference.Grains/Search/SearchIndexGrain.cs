using Conference.Catalogs;
using Conference.Comments;
using Conference.Common;
using Conference.Grains.Catalogs;
using Conference.Search;
using Conference.Tasks;

namespace Conference.Grains.Search;

/// <summary>
/// Reentrant so that a rebuild, which calls task and comment grains, never deadlocks with those grains calling in
/// with their updates. Every change is applied in memory in one turn; <see cref="Persist"/> serialises the writes.
/// </summary>
[Placement.RequiresRole("core"), Reentrant]
public sealed class SearchIndexGrain(
    [PersistentState("searchIndex", StorageNames.Store)] IPersistentState<SearchIndexState> state) : Grain, ISearchIndexGrain
{
    private Task? _writing;
    private bool _dirty;
    private Task<int>? _building;
    // Tasks changed by their owners while a rebuild runs: the rebuild's older reading of them must not win.
    private HashSet<string>? _touchedDuringRebuild;

    private Dictionary<string, SearchEntry> Entries => state.State.Entries;

    public Task Upsert(TaskItem task)
    {
        Touch(task.Id);
        var comments = Entries.GetValueOrDefault(task.Id)?.CommentWords ?? [];
        if (Entries.GetValueOrDefault(task.Id) is { } known && known.Version > task.Version) return Task.CompletedTask;
        Entries[task.Id] = EntryOf(task, comments);
        return Persist();
    }

    public Task SetComments(string taskId, IReadOnlyList<string> texts)
    {
        Touch(taskId);
        if (Entries.GetValueOrDefault(taskId) is not { } entry) return Task.CompletedTask;
        Entries[taskId] = entry with { CommentWords = SearchText.Words(texts) };
        return Persist();
    }

    public Task Remove(string taskId)
    {
        Touch(taskId);
        return Entries.Remove(taskId) ? Persist() : Task.CompletedTask;
    }

    public async Task Clear()
    {
        if (state.RecordExists) await state.ClearStateAsync();
        state.State = new SearchIndexState();
    }

    public async Task<SearchHits> Search(SearchQuery query, string? afterTaskId, int limit)
    {
        await EnsureBuilt();
        var matches = Entries.Where(e => SearchMatch.Matches(e.Value, query)).Select(e => e.Key).ToList();
        var page = matches.Where(id => afterTaskId is null || string.CompareOrdinal(id, afterTaskId) > 0)
            .Order(StringComparer.Ordinal).Take(limit).ToList();
        return new SearchHits(page, matches.Count);
    }

    /// <summary>The first search of an index that was never built reads the project (e.g. tasks from before search existed).</summary>
    private async Task EnsureBuilt()
    {
        if (state.State.Built) return;
        var building = _building ??= Rebuild();
        try
        {
            await building;
        }
        finally
        {
            if (ReferenceEquals(_building, building)) _building = null;
        }
    }

    public async Task<int> Rebuild()
    {
        var touched = _touchedDuringRebuild = [];
        try
        {
            var read = new Dictionary<string, SearchEntry>(StringComparer.Ordinal);
            var ids = await CatalogPages.Ids(GrainFactory.GetGrain<ITaskCatalogGrain>(this.GetPrimaryKeyString()), new TaskFilter());
            foreach (var batch in ids.Chunk(PageRequest.MaxLimit))
                foreach (var entry in await Task.WhenAll(batch.Select(Read)))
                    if (entry is { } found) read[found.Id] = found.Entry;

            foreach (var id in Entries.Keys.Where(id => !read.ContainsKey(id) && !touched.Contains(id)).ToList()) Entries.Remove(id);
            foreach (var (id, entry) in read)
                if (!touched.Contains(id)) Entries[id] = entry;
            state.State.Built = true;
            await Persist();
            return Entries.Count;
        }
        finally
        {
            if (ReferenceEquals(_touchedDuringRebuild, touched)) _touchedDuringRebuild = null;
        }
    }

    private async Task<(string Id, SearchEntry Entry)?> Read(string taskId)
    {
        if ((await GrainFactory.GetGrain<ITaskGrain>(taskId).Get()).Value is not { } task) return null;
        var comments = GrainFactory.GetGrain<ITaskCommentsGrain>(taskId);
        var texts = new List<string>();
        string? cursor = null;
        do
        {
            var page = await comments.List(new PageRequest(PageRequest.MaxLimit, cursor));
            texts.AddRange(page.Items.Select(c => c.Text));
            cursor = page.NextCursor;
        } while (cursor is not null);
        return (taskId, EntryOf(task, SearchText.Words(texts)));
    }

    private void Touch(string taskId) => _touchedDuringRebuild?.Add(taskId);

    private static SearchEntry EntryOf(TaskItem task, string[] commentWords) =>
        new(task.Version, SearchText.Words(task.Name, task.Description), commentWords, task.Status, task.Assignee,
            (task.Labels ?? []).Select(l => l.ToLowerInvariant()).ToArray(), task.Type, task.MilestoneId, task.DueDate);

    /// <summary>
    /// One write at a time: a change made while a write is in flight waits for it, then writes again, so every caller
    /// returns only once a write that includes its change has landed.
    /// </summary>
    private async Task Persist()
    {
        _dirty = true;
        while (_dirty || _writing is not null)
        {
            if (_writing is not null)
            {
                await _writing;
                continue;
            }
            _dirty = false;
            _writing = state.WriteStateAsync();
            try
            {
                await _writing;
            }
            finally
            {
                _writing = null;
            }
        }
    }
}

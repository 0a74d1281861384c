using Conference.Catalogs;
using Conference.Common;
using Conference.Grains.Observability;
using Microsoft.Extensions.Options;

namespace Conference.Grains.Catalogs;

/// <summary>
/// The shared index logic. Owners call Prepare (persisted before the owner writes), then Commit; Abort after a
/// failed owner write. Lists never show a pending change: they show the committed summary, and resolve entries
/// pending for longer than <see cref="CatalogOptions.ProbePendingAfter"/> by probing the owner.
/// </summary>
public abstract class CatalogGrain<TSummary, TFilter>(
    IPersistentState<CatalogState<TSummary>> state,
    IOptions<CatalogOptions> options,
    TimeProvider time) : Grain, ICatalogGrain<TSummary, TFilter>
    where TSummary : class
{
    private readonly SortedDictionary<long, string> _order = [];
    private readonly Dictionary<string, string> _uniqueOwners = new(StringComparer.Ordinal);
    private bool _dirty;
    private IGrainTimer? _flushTimer;

    protected abstract string CatalogName { get; }
    protected abstract bool Matches(TSummary summary, TFilter filter);
    protected abstract ICatalogOwner<TSummary> Owner(string id);

    /// <summary>A value no two entries may share (e.g. a normalized email), or null.</summary>
    protected virtual string? UniqueKey(TSummary summary) => null;

    protected virtual string UniqueKeyConflictMessage(string key) => $"'{key}' is already in use.";

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var (id, entry) in state.State.Entries)
        {
            _order[entry.Sequence] = id;
            Reserve(id, entry);
        }
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_dirty) await state.WriteStateAsync(cancellationToken);
    }

    public async Task<ResourceError?> Prepare(string id, TSummary? summary)
    {
        if (summary is not null && UniqueKey(summary) is { } key
            && _uniqueOwners.TryGetValue(key, out var holder) && holder != id)
            return ResourceError.Conflict(UniqueKeyConflictMessage(key));

        state.State.Entries.TryGetValue(id, out var existing);
        if (existing is null && summary is null) return null;

        var entry = (existing ?? new CatalogEntry<TSummary> { Sequence = state.State.NextSequence++ }) with
        {
            Pending = summary,
            PendingDelete = summary is null,
            PendingSince = time.GetUtcNow(),
        };
        Replace(id, existing, entry);
        await state.WriteStateAsync();
        _dirty = false;
        return null;
    }

    public Task Commit(string id, TSummary? summary) => Settle(id, summary);

    public Task Abort(string id, TSummary? persisted) => Settle(id, persisted);

    public async Task<Page<string>> List(TFilter filter, PageRequest page)
    {
        if (!PageCursor.TryDecode(page.Cursor, out var after))
            throw new ArgumentException("Malformed cursor.", nameof(page));
        var limit = Math.Clamp(page.Limit, 1, PageRequest.MaxLimit);
        var ids = new List<string>(limit);
        long lastSequence = after;
        var probeBefore = time.GetUtcNow() - options.Value.ProbePendingAfter;

        foreach (var (sequence, id) in _order.Where(o => o.Key > after).ToList())
        {
            if (!state.State.Entries.TryGetValue(id, out var entry)) continue;
            if (entry.PendingSince is { } since && since <= probeBefore)
                entry = await Resolve(id);
            if (entry?.Committed is not { } summary || !Matches(summary, filter)) continue;
            if (ids.Count == limit)
                return new Page<string>(ids, PageCursor.Encode(lastSequence));
            ids.Add(id);
            lastSequence = sequence;
        }
        return new Page<string>(ids, null);
    }

    /// <summary>The entry whose committed summary holds this unique key, or null.</summary>
    protected string? CommittedHolderOf(string key) =>
        _uniqueOwners.TryGetValue(key, out var id)
        && state.State.Entries.TryGetValue(id, out var entry)
        && entry.Committed is { } committed && UniqueKey(committed) == key
            ? id
            : null;

    public Task<int> Count() => Task.FromResult(state.State.Entries.Values.Count(e => e.Committed is not null));

    private async Task<CatalogEntry<TSummary>?> Resolve(string id)
    {
        var probe = await Owner(id).Probe();
        if (probe.Answer == OwnerAnswer.Busy)
            return state.State.Entries.GetValueOrDefault(id);
        ConferenceMetrics.RecordCatalogRepair(CatalogName);
        await Settle(id, probe.Answer == OwnerAnswer.Present ? probe.Summary : null);
        return state.State.Entries.GetValueOrDefault(id);
    }

    private Task Settle(string id, TSummary? truth)
    {
        state.State.Entries.TryGetValue(id, out var existing);
        if (existing is null && truth is null) return Task.CompletedTask;
        var entry = truth is null
            ? null
            : (existing ?? new CatalogEntry<TSummary> { Sequence = state.State.NextSequence++ }) with
            {
                Committed = truth, Pending = null, PendingDelete = false, PendingSince = null,
            };
        Replace(id, existing, entry);
        ScheduleFlush();
        return Task.CompletedTask;
    }

    private void Replace(string id, CatalogEntry<TSummary>? before, CatalogEntry<TSummary>? after)
    {
        if (before is not null)
        {
            Release(id, before);
            if (after is null) _order.Remove(before.Sequence);
        }
        if (after is null)
        {
            state.State.Entries.Remove(id);
            return;
        }
        state.State.Entries[id] = after;
        _order[after.Sequence] = id;
        Reserve(id, after);
    }

    private void Reserve(string id, CatalogEntry<TSummary> entry)
    {
        foreach (var key in KeysOf(entry)) _uniqueOwners[key] = id;
    }

    private void Release(string id, CatalogEntry<TSummary> entry)
    {
        foreach (var key in KeysOf(entry))
            if (_uniqueOwners.TryGetValue(key, out var holder) && holder == id) _uniqueOwners.Remove(key);
    }

    private IEnumerable<string> KeysOf(CatalogEntry<TSummary> entry)
    {
        if (entry.Committed is not null && UniqueKey(entry.Committed) is { } committed) yield return committed;
        if (entry.Pending is not null && UniqueKey(entry.Pending) is { } pending) yield return pending;
    }

    private void ScheduleFlush()
    {
        _dirty = true;
        _flushTimer ??= this.RegisterGrainTimer(Flush, options.Value.FlushDelay, options.Value.FlushDelay);
    }

    private async Task Flush(CancellationToken cancellationToken)
    {
        if (!_dirty) return;
        _dirty = false;
        await state.WriteStateAsync(cancellationToken);
    }
}

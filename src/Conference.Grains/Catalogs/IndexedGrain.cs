using Conference.Catalogs;
using Conference.Common;

namespace Conference.Grains.Catalogs;

/// <summary>
/// Base of the owner grains (users, projects, tasks): every write goes prepare (catalog) → write (own state) →
/// commit (catalog), so a failed write leaves no index entry behind and a crash leaves only a pending entry
/// that the catalog resolves through <see cref="Probe"/>.
/// </summary>
public abstract class IndexedGrain<TState, TSummary>(IPersistentState<TState> state) : Grain, ICatalogOwner<TSummary>
    where TState : class, new()
    where TSummary : class
{
    private bool _writing;

    protected IPersistentState<TState> State => state;
    protected string Id => this.GetPrimaryKeyString();

    protected abstract ICatalogIndex<TSummary> Catalog { get; }

    /// <summary>The summary of a state, or null when the state holds no resource.</summary>
    protected abstract TSummary? SummaryOf(TState value);

    public Task<OwnerProbe<TSummary>> Probe()
    {
        if (_writing) return Task.FromResult(new OwnerProbe<TSummary>(OwnerAnswer.Busy, null));
        var summary = state.RecordExists ? SummaryOf(state.State) : null;
        return Task.FromResult(new OwnerProbe<TSummary>(summary is null ? OwnerAnswer.Absent : OwnerAnswer.Present, summary));
    }

    /// <summary>Writes <paramref name="next"/> (or clears the state when null) through the catalog protocol.</summary>
    protected async Task<ResourceError?> WriteIndexed(TState? next)
    {
        var nextSummary = next is null ? null : SummaryOf(next);
        _writing = true;
        try
        {
            if (await Catalog.Prepare(Id, nextSummary) is { } refused) return refused;
            var previous = state.State;
            try
            {
                if (next is null)
                {
                    await state.ClearStateAsync();
                }
                else
                {
                    state.State = next;
                    await state.WriteStateAsync();
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The outcome is unknown (the write may have landed): storage is the truth, so re-read it
                // and tell the catalog what it holds.
                state.State = previous;
                try { await state.ReadStateAsync(); } catch (Exception) { /* keep the previous state */ }
                await Catalog.Abort(Id, state.RecordExists ? SummaryOf(state.State) : null);
                return ResourceError.Unavailable($"Storage is unavailable: {ex.GetType().Name}.");
            }
            await Catalog.Commit(Id, nextSummary);
            return null;
        }
        finally
        {
            _writing = false;
        }
    }
}

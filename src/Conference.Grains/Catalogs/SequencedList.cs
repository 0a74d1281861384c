using Conference.Common;

namespace Conference.Grains.Catalogs;

/// <summary>
/// A list held whole in one grain's state (comments, history, notifications), paged like the catalogs: by sequence
/// numbers that are never reused, so a cursor stays valid while items are added and removed.
/// </summary>
[GenerateSerializer, Alias("conference.SequencedList`1")]
public sealed record SequencedList<T>
{
    [Id(0)] public long NextSequence { get; init; } = 1;

    [Id(1)] public List<Sequenced<T>> Entries { get; init; } = [];

    public IEnumerable<T> Items => Entries.Select(e => e.Item);

    public SequencedList<T> Append(IEnumerable<T> items)
    {
        var next = NextSequence;
        var entries = new List<Sequenced<T>>(Entries);
        entries.AddRange(items.Select(item => new Sequenced<T>(next++, item)));
        return new SequencedList<T> { NextSequence = next, Entries = entries };
    }

    /// <summary>Keeps the newest <paramref name="count"/> entries.</summary>
    public SequencedList<T> KeepLast(int count) => this with { Entries = Entries.TakeLast(count).ToList() };

    public SequencedList<T> Replace(Func<T, bool> match, Func<T, T> change) =>
        this with { Entries = Entries.Select(e => match(e.Item) ? e with { Item = change(e.Item) } : e).ToList() };

    public SequencedList<T> Remove(Func<T, bool> match) => this with { Entries = Entries.Where(e => !match(e.Item)).ToList() };

    public Page<T> Page(PageRequest page, Func<T, bool>? where = null)
    {
        if (!PageCursor.TryDecode(page.Cursor, out var after)) throw new ArgumentException("Malformed cursor.", nameof(page));
        var limit = Math.Clamp(page.Limit, 1, PageRequest.MaxLimit);
        var rest = Entries.Where(e => e.Sequence > after && (where is null || where(e.Item))).Take(limit + 1).ToList();
        var served = rest.Take(limit).ToList();
        var next = rest.Count > limit ? PageCursor.Encode(served[^1].Sequence) : null;
        return new Page<T>(served.Select(e => e.Item).ToList(), next);
    }
}

[GenerateSerializer, Alias("conference.Sequenced`1")]
public sealed record Sequenced<T>([property: Id(0)] long Sequence, [property: Id(1)] T Item);

public static class PersistentStateWrites
{
    /// <summary>Writes <paramref name="next"/>; if storage fails, the grain keeps what it had (the caller sees the error).</summary>
    public static async Task Write<TState>(this IPersistentState<TState> state, TState next)
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

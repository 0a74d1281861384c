using Conference.Common;

namespace Conference.Grains.Catalogs;

/// <summary>Pages a list held in one grain's state by never-reused sequence numbers, with the catalogs' cursors.</summary>
public static class SequencedPage
{
    public static Page<T> Of<TEntry, T>(IEnumerable<TEntry> entries, Func<TEntry, long> sequence, Func<TEntry, T> item, PageRequest page)
    {
        if (!PageCursor.TryDecode(page.Cursor, out var after)) throw new ArgumentException("Malformed cursor.", nameof(page));
        var limit = Math.Clamp(page.Limit, 1, PageRequest.MaxLimit);
        var rest = entries.Where(e => sequence(e) > after).Take(limit + 1).ToList();
        var served = rest.Take(limit).ToList();
        var next = rest.Count > limit ? PageCursor.Encode(sequence(served[^1])) : null;
        return new Page<T>(served.Select(item).ToList(), next);
    }
}

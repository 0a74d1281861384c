using Conference.Catalogs;
using Conference.Common;

namespace Conference.Grains.Catalogs;

/// <summary>Walks every page of a catalog listing.</summary>
public static class CatalogPages
{
    public static async IAsyncEnumerable<string> All(Func<string?, Task<Page<string>>> fetch)
    {
        string? cursor = null;
        do
        {
            var page = await fetch(cursor);
            foreach (var id in page.Items) yield return id;
            cursor = page.NextCursor;
        } while (cursor is not null);
    }

    /// <summary>Every id a catalog lists for <paramref name="filter"/>, all pages walked.</summary>
    public static async Task<List<string>> Ids<TSummary, TFilter>(ICatalogGrain<TSummary, TFilter> catalog, TFilter filter)
    {
        var ids = new List<string>();
        await foreach (var id in All(cursor => catalog.List(filter, new PageRequest(PageRequest.MaxLimit, cursor)))) ids.Add(id);
        return ids;
    }
}

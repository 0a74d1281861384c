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
}

using Conference.Search;

namespace Conference.Grains.Search;

/// <summary>Whether an index entry answers a query: every term a word (the last a word's prefix), every set filter equal.</summary>
internal static class SearchMatch
{
    public static bool Matches(SearchEntry entry, SearchQuery query)
    {
        if (query.Status is { } status && entry.Status != status) return false;
        if (query.Type is { } type && entry.Type != type) return false;
        if (query.Assignee is { } assignee && entry.Assignee != assignee) return false;
        if (query.MilestoneId is { } milestone && entry.MilestoneId != milestone) return false;
        if (query.Label is { } label && !entry.Labels.Contains(label.ToLowerInvariant())) return false;
        if (query.DueBefore is { } dueBefore && !(entry.DueDate is { } due && due < dueBefore)) return false;
        for (var i = 0; i < query.Terms.Count; i++)
        {
            var prefix = i == query.Terms.Count - 1;
            if (!Has(entry.Words, query.Terms[i], prefix) && !Has(entry.CommentWords, query.Terms[i], prefix)) return false;
        }
        return true;
    }

    /// <summary>Binary search in ordinally sorted words: the first word not below the term equals it, or starts with it.</summary>
    private static bool Has(string[] words, string term, bool prefix)
    {
        var at = Array.BinarySearch(words, term, StringComparer.Ordinal);
        if (at >= 0) return true;
        at = ~at;
        return prefix && at < words.Length && words[at].StartsWith(term, StringComparison.Ordinal);
    }
}

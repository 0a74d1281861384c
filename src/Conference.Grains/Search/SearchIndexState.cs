using Conference.Tasks;

namespace Conference.Grains.Search;

[GenerateSerializer, Alias("conference.SearchIndexState")]
public sealed class SearchIndexState
{
    [Id(0)] public Dictionary<string, SearchEntry> Entries { get; set; } = [];

    /// <summary>Whether a rebuild has read the project once (tasks older than the index are in it from then on).</summary>
    [Id(1)] public bool Built { get; set; }
}

/// <summary>One task as the index holds it: its words (sorted, for binary search) and the fields filters read.</summary>
[Immutable, GenerateSerializer, Alias("conference.SearchEntry")]
public sealed record SearchEntry(
    [property: Id(0)] long Version,
    [property: Id(1)] string[] Words,
    [property: Id(2)] string[] CommentWords,
    [property: Id(3)] TaskItemStatus Status,
    [property: Id(4)] string? Assignee,
    [property: Id(5)] string[] Labels,
    [property: Id(6)] TaskType Type,
    [property: Id(7)] string? MilestoneId,
    [property: Id(8)] DateOnly? DueDate);

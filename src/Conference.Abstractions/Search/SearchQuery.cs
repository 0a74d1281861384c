using Conference.Tasks;

namespace Conference.Search;

/// <summary>
/// A search: every term must match a word of the task's name, description or comments (case-insensitive), the last
/// one as a prefix; each filter that is set must match too.
/// </summary>
[Immutable, GenerateSerializer, Alias("conference.SearchQuery")]
public sealed record SearchQuery(
    [property: Id(0)] IReadOnlyList<string> Terms,
    [property: Id(1)] TaskItemStatus? Status = null,
    [property: Id(2)] string? Assignee = null,
    [property: Id(3)] string? Label = null,
    [property: Id(4)] TaskType? Type = null,
    [property: Id(5)] string? MilestoneId = null,
    [property: Id(6)] DateOnly? DueBefore = null);

/// <summary>One project's answer: a page of task ids (task id order) and the number of all matches.</summary>
[Immutable, GenerateSerializer, Alias("conference.SearchHits")]
public sealed record SearchHits([property: Id(0)] IReadOnlyList<string> TaskIds, [property: Id(1)] int Total);

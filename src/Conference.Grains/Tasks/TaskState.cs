using Conference.Tasks;

namespace Conference.Grains.Tasks;

[GenerateSerializer, Alias("conference.TaskState")]
public sealed record TaskState
{
    [Id(0)] public TaskItem? Task { get; init; }

    /// <summary>Users notified of changes: the author, assignees and commenters join automatically.</summary>
    [Id(1)] public string[] Watchers { get; init; } = [];
}

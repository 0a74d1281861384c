using Conference.Tasks;

namespace Conference.Grains.Tasks;

[GenerateSerializer, Alias("conference.TaskState")]
public sealed record TaskState
{
    [Id(0)] public TaskItem? Task { get; init; }
}

using Conference.Activity;

namespace Conference.Grains.Activity;

[GenerateSerializer, Alias("conference.ActivityLogState")]
public sealed record ActivityLogState
{
    [Id(0)] public long NextSequence { get; init; } = 1;

    [Id(1)] public List<ActivityRecord> Records { get; init; } = [];
}

[GenerateSerializer, Alias("conference.ActivityRecord")]
public sealed record ActivityRecord([property: Id(0)] long Sequence, [property: Id(1)] ActivityEntry Entry);

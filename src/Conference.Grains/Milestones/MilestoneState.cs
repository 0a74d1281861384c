using Conference.Milestones;

namespace Conference.Grains.Milestones;

[GenerateSerializer, Alias("conference.MilestoneState")]
public sealed record MilestoneState
{
    [Id(0)] public Milestone? Milestone { get; init; }
}

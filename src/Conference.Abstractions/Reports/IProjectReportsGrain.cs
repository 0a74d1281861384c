using Conference.Common;

namespace Conference.Reports;

/// <summary>Read-only reports over one project (key: project id), computed on demand from the tasks and the activity history.</summary>
[Alias("conference.IProjectReportsGrain")]
public interface IProjectReportsGrain : IGrainWithStringKey
{
    [Alias("Summary")] Task<Result<ProjectReport>> Summary();

    /// <summary>Open work at the end of each day from <paramref name="from"/> to <paramref name="to"/>, replayed from the history.</summary>
    [Alias("Burndown")] Task<Result<IReadOnlyList<BurndownDay>>> Burndown(DateOnly from, DateOnly to);

    /// <summary>Work done per week over the last <paramref name="weeks"/> weeks, this week last.</summary>
    [Alias("Velocity")] Task<Result<IReadOnlyList<VelocityWeek>>> Velocity(int weeks);

    [Alias("CycleTime")] Task<Result<CycleTimeReport>> CycleTime();

    /// <summary>Milestones by due date (undated last) with progress, epics and the tasks at risk.</summary>
    [Alias("Roadmap")] Task<Result<IReadOnlyList<RoadmapMilestone>>> Roadmap();
}

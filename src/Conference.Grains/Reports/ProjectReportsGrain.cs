using Conference.Activity;
using Conference.Catalogs;
using Conference.Common;
using Conference.Grains.Catalogs;
using Conference.Milestones;
using Conference.Projects;
using Conference.Reports;
using Conference.Tasks;
using Conference.Workflows;

namespace Conference.Grains.Reports;

/// <summary>Stateless and reentrant: every report reads the project's tasks (through the catalog) and history afresh.</summary>
[Placement.RequiresRole("core"), Reentrant]
public sealed class ProjectReportsGrain(TimeProvider time) : Grain, IProjectReportsGrain
{
    private string ProjectId => this.GetPrimaryKeyString();

    private DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    public async Task<Result<ProjectReport>> Summary()
    {
        var tasks = await Tasks();
        var today = Today;
        var bugs = tasks.Where(t => t.Type == TaskType.Bug).ToList();
        var workflow = (await GrainFactory.GetGrain<IProjectGrain>(ProjectId).GetWorkflow()).Value ?? Workflow.Default;
        var byWorkflowStatus = workflow.Statuses.ToDictionary(s => s.Key, _ => 0);
        foreach (var task in tasks)
        {
            var key = task.WorkflowStatus ?? ActivityValues.Text(task.Status)!;
            byWorkflowStatus[key] = byWorkflowStatus.GetValueOrDefault(key) + 1;
        }
        return new ProjectReport(
            tasks.Count,
            CountAll<TaskItemStatus>(tasks, t => t.Status),
            CountAll<StatusCategory>(tasks, t => StatusCategories.Of(t.Status)),
            Count(tasks, t => t.Assignee ?? "unassigned"),
            CountAll<TaskPriority>(tasks, t => t.Priority),
            CountAll<TaskType>(tasks, t => t.Type),
            CountAll<BugSeverity>(bugs.Where(t => t.Severity is not null), t => t.Severity!.Value),
            CountAll<BugSeverity>(bugs.Where(t => t.Severity is not null && StatusCategories.IsOpen(t.Status)), t => t.Severity!.Value),
            tasks.Where(t => t.DueDate < today && StatusCategories.IsOpen(t.Status)).OrderBy(t => t.DueDate)
                .Select(t => new TaskRef(t.Id, t.Name, t.DueDate)).ToList(),
            today,
            byWorkflowStatus);
    }

    public async Task<Result<IReadOnlyList<BurndownDay>>> Burndown(DateOnly from, DateOnly to) =>
        Result(new HistoryReplay(await History()).Burndown(from, to));

    public async Task<Result<IReadOnlyList<VelocityWeek>>> Velocity(int weeks)
    {
        var thisWeek = WeekStart(Today);
        var starts = Enumerable.Range(0, weeks).Select(i => thisWeek.AddDays(-7 * (weeks - 1 - i))).ToList();
        var done = new HistoryReplay(await History()).Completions()
            .GroupBy(c => WeekStart(DateOnly.FromDateTime(c.DoneAt.UtcDateTime))).ToDictionary(g => g.Key, g => g.ToList());
        return Result(starts.Select(start => done.TryGetValue(start, out var week)
            ? new VelocityWeek(start, week.Count, week.Sum(c => c.Points))
            : new VelocityWeek(start, 0, 0)).ToList());
    }

    public async Task<Result<CycleTimeReport>> CycleTime()
    {
        var hours = new HistoryReplay(await History()).Completions()
            .Where(c => c.StartedAt is { } started && started <= c.DoneAt)
            .Select(c => (c.DoneAt - c.StartedAt!.Value).TotalHours).Order().ToList();
        if (hours.Count == 0) return new CycleTimeReport(0, null, null);
        var median = hours.Count % 2 == 1 ? hours[hours.Count / 2] : (hours[hours.Count / 2 - 1] + hours[hours.Count / 2]) / 2;
        // Nearest-rank percentile: the smallest value with at least 85% of the values at or below it.
        var p85 = hours[(int)Math.Ceiling(0.85 * hours.Count) - 1];
        return new CycleTimeReport(hours.Count, median, p85);
    }

    public async Task<Result<IReadOnlyList<RoadmapMilestone>>> Roadmap()
    {
        var tasks = await Tasks();
        var byId = tasks.ToDictionary(t => t.Id, StringComparer.Ordinal);
        var milestoneIds = await CatalogPages.Ids(GrainFactory.GetGrain<IMilestoneCatalogGrain>(ProjectId), new MilestoneFilter());
        var milestones = (await Task.WhenAll(milestoneIds.Select(id => GrainFactory.GetGrain<IMilestoneGrain>(id).Get())))
            .Where(r => r.IsSuccess).Select(r => r.Value!).ToList();

        return Result(milestones.OrderBy(m => m.DueDate is null).ThenBy(m => m.DueDate).ThenBy(m => m.StartDate).ThenBy(m => m.CreatedAt)
            .Select(milestone =>
            {
                var members = tasks.Where(t => t.MilestoneId == milestone.Id).ToList();
                var counted = members.Where(t => StatusCategories.Of(t.Status) != StatusCategory.Cancelled).ToList();
                var done = counted.Where(t => StatusCategories.Of(t.Status) == StatusCategory.Done).ToList();
                return new RoadmapMilestone(milestone, done.Count, counted.Count, done.Sum(t => t.Estimate ?? 0), counted.Sum(t => t.Estimate ?? 0),
                    members.Where(t => t.Type == TaskType.Epic).Select(t => new TaskRef(t.Id, t.Name, t.DueDate)).ToList(),
                    members.Select(t => new TaskAtRisk(t.Id, t.Name, RiskOf(t, milestone, byId))).Where(r => r.Reasons.Length > 0).ToList());
            }).ToList());
    }

    private static string[] RiskOf(TaskItem task, Milestone milestone, Dictionary<string, TaskItem> tasks)
    {
        if (!StatusCategories.IsOpen(task.Status)) return [];
        var reasons = new List<string>();
        if (task.DueDate > milestone.DueDate) reasons.Add("due_after_milestone");
        if ((task.BlockedBy ?? []).Any(id => tasks.TryGetValue(id, out var blocker) && StatusCategories.IsOpen(blocker.Status)))
            reasons.Add("blocked");
        return [.. reasons];
    }

    private static DateOnly WeekStart(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    private static Result<IReadOnlyList<T>> Result<T>(IReadOnlyList<T> items) => new(items, null);

    private static Dictionary<string, int> Count<T>(IEnumerable<T> items, Func<T, string> key) =>
        items.GroupBy(key).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>Counts by an enumeration, with a zero for every value that does not occur.</summary>
    private static Dictionary<string, int> CountAll<TEnum>(IEnumerable<TaskItem> tasks, Func<TaskItem, TEnum> key) where TEnum : struct, Enum
    {
        var counts = Enum.GetValues<TEnum>().ToDictionary(v => ActivityValues.Text(v)!, _ => 0);
        foreach (var task in tasks) counts[ActivityValues.Text(key(task))!]++;
        return counts;
    }

    private Task<IReadOnlyList<ActivityEntry>> History() => GrainFactory.GetGrain<IActivityLogGrain>(ProjectId).TaskEntries();

    private async Task<List<TaskItem>> Tasks()
    {
        var ids = await CatalogPages.Ids(GrainFactory.GetGrain<ITaskCatalogGrain>(ProjectId), new TaskFilter());
        var tasks = await Task.WhenAll(ids.Select(id => GrainFactory.GetGrain<ITaskGrain>(id).Get()));
        return tasks.Where(t => t.IsSuccess).Select(t => t.Value!).ToList();
    }
}

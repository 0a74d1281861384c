using Conference.Activity;
using Conference.Milestones;
using Conference.Notifications;
using Conference.Projects;
using Conference.Reports;
using Conference.Tasks;

namespace Conference.Grains.Tests;

/// <summary>
/// Reports over a history seeded on a pinned clock, checked to the exact number. The pinned dates lie ahead of the
/// real clock: Orleans reads the same TimeProvider (activation collection refuses times in the past).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ReportGrainTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Grains;
    private const string Owner = "owner0000000000000000000000";
    private static readonly DateTimeOffset Monday = new(2027, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private async Task<string> NewProject()
    {
        var id = ResourceIds.New();
        Assert.True((await _grains.GetGrain<IProjectGrain>(id).Create(new ProjectInput("Reports", null, null, null, null), Owner)).IsSuccess);
        return id;
    }

    private async Task<string> NewTask(string projectId, double? estimate, TaskType type = TaskType.Task, BugSeverity? severity = null,
        DateOnly? due = null, string? milestoneId = null)
    {
        var id = ResourceIds.New();
        var input = new TaskInput("Work", null, null, null, null, due, type, null, estimate, null, milestoneId, null, severity);
        Assert.True((await _grains.GetGrain<ITaskGrain>(id).Create(projectId, input, Owner)).IsSuccess);
        return id;
    }

    private async Task Move(string taskId, TaskItemStatus status)
    {
        var task = (await _grains.GetGrain<ITaskGrain>(taskId).Get()).Value!;
        var input = new TaskInput(task.Name, task.Description, status, task.Assignee, task.Priority, task.DueDate, task.Type, task.Labels,
            task.Estimate, task.ParentId, task.MilestoneId, task.BlockedBy, task.Severity);
        Assert.True((await _grains.GetGrain<ITaskGrain>(taskId).Update(input, null, Owner)).IsSuccess);
    }

    /// <summary>
    /// Monday: A (3 points), B (5), C (2) created. Tuesday: A in progress. Wednesday: A done, C cancelled.
    /// Thursday: B in progress; D (8) created. Next Monday: B done. Next Tuesday: D deleted.
    /// </summary>
    private async Task<string> SeedWeekOfWork()
    {
        using var pinned = ManualClock.Instance.Pin(Monday);
        var projectId = await NewProject();
        var a = await NewTask(projectId, 3);
        var b = await NewTask(projectId, 5);
        var c = await NewTask(projectId, 2);
        ManualClock.Instance.Advance(TimeSpan.FromDays(1));
        await Move(a, TaskItemStatus.InProgress);
        ManualClock.Instance.Advance(TimeSpan.FromDays(1));
        await Move(a, TaskItemStatus.Done);
        await Move(c, TaskItemStatus.Cancelled);
        ManualClock.Instance.Advance(TimeSpan.FromDays(1));
        await Move(b, TaskItemStatus.InProgress);
        var d = await NewTask(projectId, 8);
        ManualClock.Instance.Advance(TimeSpan.FromDays(4));
        await Move(b, TaskItemStatus.Done);
        ManualClock.Instance.Advance(TimeSpan.FromDays(1));
        Assert.True((await _grains.GetGrain<ITaskGrain>(d).Delete(null, Owner)).IsSuccess);
        return projectId;
    }

    [Fact]
    public async Task Burndown_replays_open_work_per_day_from_the_history()
    {
        var projectId = await SeedWeekOfWork();

        var days = (await _grains.GetGrain<IProjectReportsGrain>(projectId).Burndown(new DateOnly(2027, 2, 28), new DateOnly(2027, 3, 10))).Value!;

        Assert.Equal(
            [(0, 0.0), (3, 10), (3, 10), (1, 5), (2, 13), (2, 13), (2, 13), (2, 13), (1, 8), (0, 0), (0, 0)],
            days.Select(d => (d.Open, d.OpenPoints)));
        Assert.Equal(new DateOnly(2027, 2, 28), days[0].Date);
    }

    [Fact]
    public async Task Velocity_counts_done_work_per_iso_week_and_cycle_time_runs_from_in_progress_to_done()
    {
        var projectId = await SeedWeekOfWork();
        var reports = _grains.GetGrain<IProjectReportsGrain>(projectId);

        using var pinned = ManualClock.Instance.Pin(new DateTimeOffset(2027, 3, 11, 12, 0, 0, TimeSpan.Zero));
        var velocity = (await reports.Velocity(3)).Value!;
        var cycle = (await reports.CycleTime()).Value!;

        Assert.Equal([(new DateOnly(2027, 2, 22), 0, 0.0), (new DateOnly(2027, 3, 1), 1, 3), (new DateOnly(2027, 3, 8), 1, 5)],
            velocity.Select(w => (w.WeekStart, w.Done, w.Points)));
        // A: Tuesday → Wednesday = 24 h; B: Thursday → next Monday = 96 h.
        Assert.Equal(new CycleTimeReport(2, 60, 96), cycle);
    }

    [Fact]
    public async Task The_summary_counts_by_field_and_lists_overdue_work_and_open_bugs()
    {
        using var pinned = ManualClock.Instance.Pin(Monday);
        var projectId = await NewProject();
        var late = await NewTask(projectId, 1, due: new DateOnly(2027, 2, 28));
        await NewTask(projectId, 1, TaskType.Bug, BugSeverity.Critical);
        var fixedBug = await NewTask(projectId, 1, TaskType.Bug, BugSeverity.Critical, due: new DateOnly(2027, 1, 31));
        await Move(fixedBug, TaskItemStatus.Done);
        await NewTask(projectId, null, TaskType.Bug, BugSeverity.Minor);

        var report = (await _grains.GetGrain<IProjectReportsGrain>(projectId).Summary()).Value!;

        Assert.Equal(4, report.Total);
        Assert.Equal(3, report.ByStatus["todo"]);
        Assert.Equal(1, report.ByStatus["done"]);
        Assert.Equal(0, report.ByStatus["in_review"]);
        Assert.Equal(3, report.ByType["bug"]);
        Assert.Equal(4, report.ByAssignee["unassigned"]);
        Assert.Equal(4, report.ByPriority["medium"]);
        Assert.Equal(2, report.BySeverity["critical"]);
        Assert.Equal(new Dictionary<string, int> { ["minor"] = 1, ["major"] = 0, ["critical"] = 1, ["blocker"] = 0 }, report.OpenBugsBySeverity);
        Assert.Equal([late], report.Overdue.Select(t => t.Id));
        Assert.Equal(new DateOnly(2027, 3, 1), report.AsOf);
    }

    [Fact]
    public async Task The_roadmap_orders_milestones_by_due_date_with_progress_epics_and_risks()
    {
        var projectId = await NewProject();
        var later = ResourceIds.New();
        var sooner = ResourceIds.New();
        await _grains.GetGrain<IMilestoneGrain>(later).Create(projectId, new MilestoneInput("GA", DueDate: new DateOnly(2026, 6, 1)));
        await _grains.GetGrain<IMilestoneGrain>(sooner).Create(projectId, new MilestoneInput("Beta", DueDate: new DateOnly(2026, 4, 1)));
        var epic = await NewTask(projectId, null, TaskType.Epic, milestoneId: sooner);
        var done = await NewTask(projectId, 3, milestoneId: sooner);
        await Move(done, TaskItemStatus.Done);
        var slipping = await NewTask(projectId, 5, due: new DateOnly(2026, 4, 15), milestoneId: sooner);
        var blocker = await NewTask(projectId, 1);
        var blocked = ResourceIds.New();
        await _grains.GetGrain<ITaskGrain>(blocked).Create(projectId,
            new TaskInput("Blocked", null, null, null, null, null, BlockedBy: [blocker], MilestoneId: sooner));

        var roadmap = (await _grains.GetGrain<IProjectReportsGrain>(projectId).Roadmap()).Value!;

        Assert.Equal([sooner, later], roadmap.Select(r => r.Milestone.Id));
        var beta = roadmap[0];
        Assert.Equal((1, 4, 3.0, 8.0), (beta.Done, beta.Total, beta.PointsDone, beta.PointsTotal));
        Assert.Equal([epic], beta.Epics.Select(e => e.Id));
        Assert.Equal([(slipping, "due_after_milestone"), (blocked, "blocked")], beta.AtRisk.Select(r => (r.Id, string.Join(",", r.Reasons))));
        Assert.Equal((0, 0), (roadmap[1].Done, roadmap[1].Total));
    }

    [Fact]
    public async Task Every_change_is_recorded_with_who_when_and_from_to()
    {
        using var pinned = ManualClock.Instance.Pin(Monday);
        var projectId = await NewProject();
        var taskId = await NewTask(projectId, 2);
        ManualClock.Instance.Advance(TimeSpan.FromHours(1));
        await Move(taskId, TaskItemStatus.InReview);

        var history = (await _grains.GetGrain<IActivityLogGrain>(projectId).List(taskId, new PageRequest(50, null))).Items;

        Assert.Equal(ActivityAction.Created, history[0].Action);
        Assert.Contains(history, e => e is { Action: ActivityAction.Created, Field: "estimate", From: null, To: "2" });
        var moved = history.Where(e => e.Action == ActivityAction.Updated).ToList();
        Assert.Equal([("status", "todo", "in_review"), ("workflowStatus", "todo", "in_review")], moved.Select(e => (e.Field, e.From, e.To)));
        Assert.All(moved, e => Assert.Equal((Owner, Monday.AddHours(1)), (e.ActorId, e.At)));
    }

    [Fact]
    public async Task Assignees_are_notified_and_watchers_hear_of_changes_but_not_of_their_own_nor_after_leaving()
    {
        var projectId = await NewProject();
        var worker = ResourceIds.New();
        await _grains.GetGrain<Conference.Users.IUserGrain>(worker).Create(new Conference.Users.UserInput("Worker", $"w.{worker}@example.com", null), null);
        await _grains.GetGrain<IProjectGrain>(projectId).AddMember(new ProjectMemberInput(worker, null));
        var taskId = ResourceIds.New();
        var task = _grains.GetGrain<ITaskGrain>(taskId);
        await task.Create(projectId, new TaskInput("Notify", null, null, worker, null, null), Owner);

        await task.Update(new TaskInput("Notify me", null, null, worker, null, null), null, worker);
        await _grains.GetGrain<IProjectGrain>(projectId).RemoveMember(worker);
        await task.Update(new TaskInput("Notify me again", null, null, worker, null, null), null, Owner);

        var workerInbox = (await _grains.GetGrain<IUserNotificationsGrain>(worker).List(false, new PageRequest(50, null))).Items;
        var ownerInbox = (await _grains.GetGrain<IUserNotificationsGrain>(Owner).List(false, new PageRequest(50, null))).Items;
        Assert.Equal([NotificationKind.Assigned], workerInbox.Select(n => n.Kind));
        Assert.Contains(ownerInbox, n => n.Kind == NotificationKind.TaskChanged && n.TaskId == taskId && n.Message.Contains("name"));
        Assert.Equal([Owner, worker], (await task.GetWatchers()).Value!);
        await _grains.GetGrain<Conference.Users.IUserGrain>(worker).Delete(null);
        Assert.Empty((await _grains.GetGrain<IUserNotificationsGrain>(worker).List(false, new PageRequest(50, null))).Items);
    }
}

using Conference.Catalogs;
using Conference.Comments;
using Conference.Milestones;
using Conference.Projects;
using Conference.Tasks;

namespace Conference.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class TaskPlanningGrainTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Grains;
    private const string Owner = "owner0000000000000000000000";

    private async Task<string> NewProject()
    {
        var id = ResourceIds.New();
        Assert.True((await _grains.GetGrain<IProjectGrain>(id).Create(new ProjectInput("Gemini", null, null, null, null), Owner)).IsSuccess);
        return id;
    }

    private async Task<Result<TaskItem>> Create(string projectId, TaskInput input) =>
        await _grains.GetGrain<ITaskGrain>(ResourceIds.New()).Create(projectId, input);

    private async Task<string> NewTask(string projectId, TaskType type = TaskType.Task, string? parentId = null, string[]? blockedBy = null)
    {
        var result = await Create(projectId, Input(type: type, parentId: parentId, blockedBy: blockedBy));
        Assert.True(result.IsSuccess, result.Error?.Message);
        return result.Value!.Id;
    }

    private static TaskInput Input(string name = "Work", TaskType? type = null, string? parentId = null, string[]? blockedBy = null,
        string? milestoneId = null) =>
        new(name, null, null, null, null, null, type, null, null, parentId, milestoneId, blockedBy);

    private Task<Result<TaskItem>> SetBlockers(string taskId, params string[] blockers) =>
        _grains.GetGrain<ITaskGrain>(taskId).Update(Input(blockedBy: blockers), null);

    [Fact]
    public async Task A_dependency_that_closes_a_cycle_is_refused_naming_the_cycle()
    {
        var projectId = await NewProject();
        var a = await NewTask(projectId);
        var b = await NewTask(projectId, blockedBy: [a]);
        var c = await NewTask(projectId, blockedBy: [b]);

        var closing = await SetBlockers(a, c);

        var message = Assert.Single(closing.Error!.Fields!["blockedBy"]);
        Assert.Contains($"{a} → {c} → {b} → {a}", message);
        Assert.Empty((await _grains.GetGrain<ITaskGrain>(a).Get()).Value!.BlockedBy!);
    }

    [Fact]
    public async Task Blockers_must_be_other_tasks_of_the_same_project()
    {
        var projectId = await NewProject();
        var elsewhere = await NewTask(await NewProject());
        var task = await NewTask(projectId);

        var self = await SetBlockers(task, task);
        var foreign = await SetBlockers(task, elsewhere);
        var twice = await SetBlockers(task, elsewhere, elsewhere);

        Assert.Contains("itself", Assert.Single(self.Error!.Fields!["blockedBy"]));
        Assert.Contains(elsewhere, Assert.Single(foreign.Error!.Fields!["blockedBy"]));
        Assert.Contains("twice", Assert.Single(twice.Error!.Fields!["blockedBy"]));
    }

    [Fact]
    public async Task A_diamond_of_dependencies_is_not_a_cycle()
    {
        var projectId = await NewProject();
        var root = await NewTask(projectId);
        var left = await NewTask(projectId, blockedBy: [root]);
        var right = await NewTask(projectId, blockedBy: [root]);

        var joined = await SetBlockers(await NewTask(projectId), left, right);

        Assert.True(joined.IsSuccess, joined.Error?.Message);
    }

    [Fact]
    public async Task Epics_hold_stories_and_stories_hold_tasks()
    {
        var projectId = await NewProject();
        var epic = await NewTask(projectId, TaskType.Epic);
        var story = await NewTask(projectId, TaskType.Story, epic);
        var task = await NewTask(projectId, TaskType.Bug, story);

        var storyUnderStory = await Create(projectId, Input(type: TaskType.Story, parentId: story));
        var epicWithParent = await Create(projectId, Input(type: TaskType.Epic, parentId: epic));
        var underTask = await Create(projectId, Input(parentId: task));
        var children = await _grains.GetGrain<ITaskCatalogGrain>(projectId).List(new TaskFilter(ParentId: epic), new PageRequest(50, null));

        Assert.Equal(["parentId"], storyUnderStory.Error!.Fields!.Keys);
        Assert.Equal(["parentId"], epicWithParent.Error!.Fields!.Keys);
        Assert.Equal(["parentId"], underTask.Error!.Fields!.Keys);
        Assert.Equal([story], children.Items);
    }

    [Fact]
    public async Task Bug_fields_belong_to_bugs_only()
    {
        var projectId = await NewProject();

        var bug = await Create(projectId, Input(type: TaskType.Bug) with { Severity = BugSeverity.Blocker, Environment = " prod ", FixedInVersion = "1.2" });
        var task = await Create(projectId, Input() with { Severity = BugSeverity.Minor, StepsToReproduce = "1. click" });

        Assert.Equal(BugSeverity.Blocker, bug.Value!.Severity);
        Assert.Equal("prod", bug.Value.Environment);
        Assert.Equal(["severity", "stepsToReproduce"], task.Error!.Fields!.Keys.Order());
    }

    [Fact]
    public async Task Labels_are_trimmed_and_distinct_and_estimates_are_bounded()
    {
        var projectId = await NewProject();

        var labelled = await Create(projectId, Input() with { Labels = [" ui ", "UI", "backend"], Estimate = 3.5 });
        var bad = await Create(projectId, Input() with { Labels = ["", new string('l', 51)], Estimate = -1 });

        Assert.Equal(["ui", "backend"], labelled.Value!.Labels!);
        Assert.Equal(3.5, labelled.Value.Estimate);
        Assert.Equal(["estimate", "labels"], bad.Error!.Fields!.Keys.Order());
    }

    [Fact]
    public async Task Deleting_a_milestone_lets_its_tasks_leave_it()
    {
        var projectId = await NewProject();
        var milestoneId = ResourceIds.New();
        var milestone = _grains.GetGrain<IMilestoneGrain>(milestoneId);
        Assert.True((await milestone.Create(projectId, new MilestoneInput("M1", DueDate: new DateOnly(2026, 3, 1)))).IsSuccess);
        var member = (await Create(projectId, Input(milestoneId: milestoneId))).Value!;
        var foreign = await Create(await NewProject(), Input(milestoneId: milestoneId));

        Assert.True((await milestone.Delete(null)).IsSuccess);

        Assert.Equal(["milestoneId"], foreign.Error!.Fields!.Keys);
        Assert.Null((await _grains.GetGrain<ITaskGrain>(member.Id).Get()).Value!.MilestoneId);
        Assert.Empty((await _grains.GetGrain<IMilestoneCatalogGrain>(projectId).List(new MilestoneFilter(), new PageRequest(50, null))).Items);
    }

    [Fact]
    public async Task Deleting_a_project_deletes_its_milestones()
    {
        var projectId = await NewProject();
        var milestoneId = ResourceIds.New();
        await _grains.GetGrain<IMilestoneGrain>(milestoneId).Create(projectId, new MilestoneInput("M"));

        Assert.True((await _grains.GetGrain<IProjectGrain>(projectId).Delete(null)).IsSuccess);

        Assert.Equal(ErrorKind.NotFound, (await _grains.GetGrain<IMilestoneGrain>(milestoneId).Get()).Error?.Kind);
    }

    [Fact]
    public async Task Comments_page_in_order_and_only_authors_edit_them()
    {
        var comments = _grains.GetGrain<ITaskCommentsGrain>(ResourceIds.New());
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var id = ResourceIds.New();
            Assert.True((await comments.Add(id, "alice", new CommentInput($"note {i}"))).IsSuccess);
            ids.Add(id);
        }

        var first = await comments.List(new PageRequest(2, null));
        var second = await comments.List(new PageRequest(2, first.NextCursor));
        var byOther = await comments.Edit(ids[0], "bob", new CommentInput("hijack"), null);
        var empty = await comments.Edit(ids[0], "alice", new CommentInput("  "), null);
        var moderated = await comments.Delete(ids[1], "bob", moderator: true, null);

        Assert.Equal(ids.Take(2), first.Items.Select(c => c.Id));
        Assert.Equal([ids[2]], second.Items.Select(c => c.Id));
        Assert.Null(second.NextCursor);
        Assert.Equal(ErrorKind.Forbidden, byOther.Error?.Kind);
        Assert.Equal(["text"], empty.Error!.Fields!.Keys);
        Assert.True(moderated.IsSuccess);
        Assert.Equal([ids[0], ids[2]], (await comments.List(new PageRequest(50, null))).Items.Select(c => c.Id));
    }
}

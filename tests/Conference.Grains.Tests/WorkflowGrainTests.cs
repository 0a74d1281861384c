using Conference.Projects;
using Conference.Reports;
using Conference.Tasks;
using Conference.Workflows;

namespace Conference.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class WorkflowGrainTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Grains;
    private const string Owner = "owner0000000000000000000000";

    private static readonly WorkflowInput Kanban = new(
    [
        new("backlog", "Backlog", StatusCategory.Todo),
        new("doing", "Doing", StatusCategory.InProgress),
        new("qa", "QA", StatusCategory.InProgress),
        new("shipped", "Shipped", StatusCategory.Done),
    ]);

    private async Task<IProjectGrain> NewProject()
    {
        var project = _grains.GetGrain<IProjectGrain>(ResourceIds.New());
        Assert.True((await project.Create(new ProjectInput("Flow", null, null, null, null), Owner)).IsSuccess);
        return project;
    }

    [Fact]
    public async Task A_project_starts_with_the_seed_statuses()
    {
        var workflow = (await (await NewProject()).GetWorkflow()).Value!;

        Assert.Equal(["todo", "in_progress", "in_review", "done", "cancelled"], workflow.Statuses.Select(s => s.Key));
        Assert.Equal(1, workflow.Version);
    }

    [Fact]
    public async Task Tasks_take_custom_statuses_and_their_base_status_follows_the_category()
    {
        var project = await NewProject();
        Assert.True((await project.SetWorkflow(Kanban, 1)).IsSuccess);
        var task = _grains.GetGrain<ITaskGrain>(ResourceIds.New());

        var created = (await task.Create(project.GetPrimaryKeyString(), new TaskInput("Card", null, null, null, null, null))).Value!;
        var inQa = (await task.Update(new TaskInput("Card", null, null, null, null, null, WorkflowStatus: "qa"), null)).Value!;
        var byBase = (await task.Update(new TaskInput("Card", null, TaskItemStatus.Done, null, null, null), null)).Value!;
        var unknown = await task.Update(new TaskInput("Card", null, null, null, null, null, WorkflowStatus: "limbo"), null);
        var noCancel = await task.Update(new TaskInput("Card", null, TaskItemStatus.Cancelled, null, null, null), null);

        Assert.Equal(("backlog", TaskItemStatus.Todo), (created.WorkflowStatus, created.Status));
        Assert.Equal(("qa", TaskItemStatus.InProgress), (inQa.WorkflowStatus, inQa.Status));
        Assert.Equal(("shipped", TaskItemStatus.Done), (byBase.WorkflowStatus, byBase.Status));
        Assert.Equal(["workflowStatus"], unknown.Error!.Fields!.Keys);
        Assert.Equal(["status"], noCancel.Error!.Fields!.Keys);
        var report = (await _grains.GetGrain<IProjectReportsGrain>(project.GetPrimaryKeyString()).Summary()).Value!;
        Assert.Equal(new Dictionary<string, int> { ["backlog"] = 0, ["doing"] = 0, ["qa"] = 0, ["shipped"] = 1 }, report.ByWorkflowStatus);
    }

    [Fact]
    public async Task Statuses_can_be_renamed_and_reordered_but_not_removed_while_in_use()
    {
        var project = await NewProject();
        await project.SetWorkflow(Kanban, null);
        var task = _grains.GetGrain<ITaskGrain>(ResourceIds.New());
        await task.Create(project.GetPrimaryKeyString(), new TaskInput("Card", null, null, null, null, null, WorkflowStatus: "qa"));

        var renamed = await project.SetWorkflow(new WorkflowInput([Kanban.Statuses![3], Kanban.Statuses[2] with { Name = "Testing" }, Kanban.Statuses[0]]), 2);
        var removing = await project.SetWorkflow(new WorkflowInput([Kanban.Statuses[0]]), 3);
        var stale = await project.SetWorkflow(Kanban, 1);

        Assert.Equal(["shipped", "qa", "backlog"], renamed.Value!.Statuses.Select(s => s.Key));
        Assert.Equal("Testing", renamed.Value.Statuses[1].Name);
        Assert.Equal(ErrorKind.Conflict, removing.Error?.Kind);
        Assert.Contains("'qa'", removing.Error!.Message);
        Assert.Equal(ErrorKind.PreconditionFailed, stale.Error?.Kind);
        Assert.Equal("qa", (await task.Get()).Value!.WorkflowStatus);
    }

    [Fact]
    public async Task A_bad_workflow_names_every_bad_status_field()
    {
        var project = await NewProject();

        var bad = await project.SetWorkflow(new WorkflowInput(
        [
            new("Todo", "A", StatusCategory.Todo),
            new("b", "a", StatusCategory.Done),
            new("b", null, null),
        ]), null);
        var noTodo = await project.SetWorkflow(new WorkflowInput([new("done", "Done", StatusCategory.Done)]), null);
        var empty = await project.SetWorkflow(new WorkflowInput([]), null);

        Assert.Equal(["statuses[0].key", "statuses[1].name", "statuses[2].category", "statuses[2].key", "statuses[2].name"],
            bad.Error!.Fields!.Keys.Order());
        Assert.Equal(["statuses"], noTodo.Error!.Fields!.Keys);
        Assert.Equal(["statuses"], empty.Error!.Fields!.Keys);
    }
}

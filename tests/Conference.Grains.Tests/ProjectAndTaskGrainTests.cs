using Conference.Catalogs;
using Conference.Projects;
using Conference.Tasks;
using Conference.Users;

namespace Conference.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class ProjectAndTaskGrainTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Grains;
    private const string Owner = "owner0000000000000000000000";

    private async Task<string> NewProject()
    {
        var id = ResourceIds.New();
        Assert.True((await _grains.GetGrain<IProjectGrain>(id).Create(new ProjectInput("Apollo", "to the moon", ProjectStatus.Active,
            new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31)), Owner)).IsSuccess);
        return id;
    }

    private async Task<string> NewUser()
    {
        var id = ResourceIds.New();
        await _grains.GetGrain<IUserGrain>(id).Create(new UserInput("Worker", $"w.{id}@example.com", null), null);
        return id;
    }

    private async Task<string> NewTask(string projectId, string? assignee = null, TaskItemStatus? status = null)
    {
        var id = ResourceIds.New();
        var result = await _grains.GetGrain<ITaskGrain>(id).Create(projectId, new TaskInput("Build it", null, status, assignee, TaskPriority.High, null));
        Assert.True(result.IsSuccess, result.Error?.Message);
        return id;
    }

    [Fact]
    public async Task End_date_before_start_date_is_invalid()
    {
        var result = await _grains.GetGrain<IProjectGrain>(ResourceIds.New())
            .Create(new ProjectInput("Backwards", null, null, new DateOnly(2026, 5, 2), new DateOnly(2026, 5, 1)), Owner);

        Assert.Equal(["endDate"], result.Error!.Fields!.Keys);
    }

    [Fact]
    public async Task A_task_needs_an_existing_project_and_assignee()
    {
        var projectId = await NewProject();

        var noProject = await _grains.GetGrain<ITaskGrain>(ResourceIds.New()).Create(ResourceIds.New(), new TaskInput("x", null, null, null, null, null));
        var noUser = await _grains.GetGrain<ITaskGrain>(ResourceIds.New()).Create(projectId, new TaskInput("x", null, null, ResourceIds.New(), null, null));

        Assert.Equal(ErrorKind.NotFound, noProject.Error?.Kind);
        Assert.Equal(["assignee"], noUser.Error!.Fields!.Keys);
    }

    [Fact]
    public async Task Task_catalog_filters_by_status_assignee_and_priority()
    {
        var projectId = await NewProject();
        var userId = await NewUser();
        var mine = await NewTask(projectId, userId, TaskItemStatus.InProgress);
        var other = await NewTask(projectId, null, TaskItemStatus.Todo);
        var catalog = _grains.GetGrain<ITaskCatalogGrain>(projectId);

        var byAssignee = await catalog.List(new TaskFilter(Assignee: userId), new PageRequest(50, null));
        var byStatus = await catalog.List(new TaskFilter(Status: TaskItemStatus.Todo), new PageRequest(50, null));
        var byPriority = await catalog.List(new TaskFilter(Priority: TaskPriority.High), new PageRequest(50, null));

        Assert.Equal([mine], byAssignee.Items);
        Assert.Equal([other], byStatus.Items);
        Assert.Equal([mine, other], byPriority.Items);
    }

    [Fact]
    public async Task Deleting_a_project_deletes_its_tasks()
    {
        var projectId = await NewProject();
        var tasks = new[] { await NewTask(projectId), await NewTask(projectId) };

        var deleted = await _grains.GetGrain<IProjectGrain>(projectId).Delete(null);

        Assert.True(deleted.IsSuccess);
        foreach (var taskId in tasks)
            Assert.Equal(ErrorKind.NotFound, (await _grains.GetGrain<ITaskGrain>(taskId).Get()).Error?.Kind);
        Assert.Empty((await _grains.GetGrain<ITaskCatalogGrain>(projectId).List(new TaskFilter(), new PageRequest(50, null))).Items);
    }

    [Fact]
    public async Task Members_can_be_added_and_the_last_owner_cannot_leave()
    {
        var projectId = await NewProject();
        var userId = await NewUser();
        var project = _grains.GetGrain<IProjectGrain>(projectId);

        var added = await project.AddMember(new ProjectMemberInput(userId, null));
        var unknown = await project.AddMember(new ProjectMemberInput(ResourceIds.New(), null));
        var lastOwner = await project.RemoveMember(Owner);

        Assert.Equal(ProjectRole.Member, added.Value!.Role);
        Assert.Equal(["userId"], unknown.Error!.Fields!.Keys);
        Assert.Equal(ErrorKind.Conflict, lastOwner.Error?.Kind);
        Assert.Equal(ProjectRole.Owner, (await project.GetAccess(Owner)).Role);
        Assert.Equal(ProjectRole.Member, (await project.GetAccess(userId)).Role);
        Assert.Null((await project.GetAccess(ResourceIds.New())).Role);
        var visible = await _grains.GetGrain<IProjectCatalogGrain>(CatalogKeys.All).List(new ProjectFilter(MemberId: userId), new PageRequest(50, null));
        Assert.Equal([projectId], visible.Items);
    }

    [Fact]
    public async Task Deleting_a_user_unassigns_their_tasks()
    {
        var projectId = await NewProject();
        var userId = await NewUser();
        var taskId = await NewTask(projectId, userId);

        await _grains.GetGrain<IUserGrain>(userId).Delete(null);

        var task = (await _grains.GetGrain<ITaskGrain>(taskId).Get()).Value!;
        Assert.Null(task.Assignee);
        Assert.Equal(2, task.Version);
        Assert.Empty((await _grains.GetGrain<ITaskCatalogGrain>(projectId).List(new TaskFilter(Assignee: userId), new PageRequest(50, null))).Items);
    }
}

using Conference.Catalogs;
using Conference.Common;
using Conference.Projects;
using Conference.Server.Auth;
using Conference.Tasks;

namespace Conference.Server.Api;

public static class ProjectsApi
{
    public static RouteGroupBuilder MapProjectsApi(this RouteGroupBuilder api)
    {
        var projects = api.MapGroup("/projects").WithTags("Projects");

        projects.MapGet("/", (HttpContext http, IGrainFactory grains) =>
            {
                var query = new ListQuery(http.Request);
                var filter = ProjectPolicy.Visible(Caller.From(http), query.Enum<ProjectStatus>("status"));
                return ResourceHandlers.List(query,
                    page => grains.GetGrain<IProjectCatalogGrain>(CatalogKeys.All).List(filter, page),
                    id => grains.GetGrain<IProjectGrain>(id).Get());
            })
            .WithName("ListProjects").WithPaging(QueryParameter.Enum<ProjectStatus>("status", "Only projects in this status.")).Produces<Page<Project>>().ProducesValidationProblem();

        projects.MapPost("/", (HttpContext http, IGrainFactory grains) =>
                ResourceHandlers.Create<ProjectInput, Project>(http, () => Task.FromResult(ProjectPolicy.CanCreate(Caller.From(http))),
                    (input, id) => grains.GetGrain<IProjectGrain>(id).Create(input, Caller.From(http).UserId), id => $"/api/projects/{id}",
                    id => grains.GetGrain<IProjectGrain>(id).Get()))
            .WithName("CreateProject").Accepts<ProjectInput>("application/json").Produces<Project>(StatusCodes.Status201Created)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        projects.MapGet("/{id}", (HttpContext http, string id, IGrainFactory grains, ProjectPolicy policy) =>
                ResourceHandlers.Get(http, "Project", id, () => policy.CanRead(Caller.From(http), id), key => grains.GetGrain<IProjectGrain>(key).Get()))
            .WithName("GetProject").Produces<Project>().ProducesProblem(StatusCodes.Status404NotFound);

        projects.MapPut("/{id}", (HttpContext http, string id, IGrainFactory grains, ProjectPolicy policy) =>
                ResourceHandlers.Update<ProjectInput, Project>(http, "Project", id, _ => policy.CanWrite(Caller.From(http), id),
                    (key, input, version) => grains.GetGrain<IProjectGrain>(key).Update(input, version, Caller.From(http).UserId)))
            .WithName("ReplaceProject").Accepts<ProjectInput>("application/json").Produces<Project>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);

        projects.MapDelete("/{id}", (HttpContext http, string id, IGrainFactory grains, ProjectPolicy policy) =>
                ResourceHandlers.Delete(http, "Project", id, () => policy.CanAdminister(Caller.From(http), id),
                    (key, version) => grains.GetGrain<IProjectGrain>(key).Delete(version)))
            .WithName("DeleteProject").Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed);

        projects.MapGet("/{id}/tasks", async (HttpContext http, string id, IGrainFactory grains, ProjectPolicy policy) =>
            {
                if (await policy.CanRead(Caller.From(http), id) is { } denied) return denied;
                var query = new ListQuery(http.Request);
                var filter = new TaskFilter(query.Enum<TaskItemStatus>("status"), query.Id("assignee"),
                    query.Enum<TaskPriority>("priority"), query.Date("dueBefore"), query.Enum<TaskType>("type"),
                    query.Id("milestoneId"), query.Id("parentId"), query.Enum<BugSeverity>("severity"), query.Label("label"),
                    query.Label("workflowStatus"), query.Id("blockedBy"));
                if (TaskCsv.Wanted(http.Request))
                    return await ResourceHandlers.Export(query, cursor => grains.GetGrain<ITaskCatalogGrain>(id).List(filter, new PageRequest(PageRequest.MaxLimit, cursor)),
                        taskId => grains.GetGrain<ITaskGrain>(taskId).Get(), tasks => TaskCsv.Of(tasks, $"project-{id}-tasks.csv"));
                return await ResourceHandlers.List(query,
                    page => grains.GetGrain<ITaskCatalogGrain>(id).List(filter, page),
                    taskId => grains.GetGrain<ITaskGrain>(taskId).Get());
            })
            .WithTags("Tasks").WithName("ListProjectTasks").WithPaging(QueryParameter.Enum<TaskItemStatus>("status", "Base status."),
                QueryParameter.Text("assignee", "Assignee's user id."), QueryParameter.Enum<TaskPriority>("priority", "Priority."),
                QueryParameter.Date("dueBefore", "Due strictly before this date."), QueryParameter.Enum<TaskType>("type", "Type."),
                QueryParameter.Text("milestoneId", "Milestone id."), QueryParameter.Text("parentId", "Parent task id (the children)."),
                QueryParameter.Enum<BugSeverity>("severity", "Bug severity."), QueryParameter.Text("label", "Label (ignoring case)."),
                QueryParameter.Text("workflowStatus", "Workflow status key."), QueryParameter.Text("blockedBy", "The tasks this task blocks.")).Produces<Page<TaskItem>>().AddOpenApiOperationTransformer(TaskCsv.DescribeExport)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        projects.MapPost("/{id}/tasks", (HttpContext http, string id, IGrainFactory grains, ProjectPolicy policy) =>
                ResourceHandlers.Create<TaskInput, TaskItem>(http, () => policy.CanWrite(Caller.From(http), id),
                    (input, taskId) => grains.GetGrain<ITaskGrain>(taskId).Create(id, input, Caller.From(http).UserId), taskId => $"/api/tasks/{taskId}",
                    taskId => grains.GetGrain<ITaskGrain>(taskId).Get()))
            .WithTags("Tasks").WithName("CreateTask").Accepts<TaskInput>("application/json").Produces<TaskItem>(StatusCodes.Status201Created)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        projects.MapGet("/{id}/labels", async (HttpContext http, string id, IGrainFactory grains, ProjectPolicy policy) =>
                await policy.CanRead(Caller.From(http), id) is { } denied ? denied : TypedResults.Ok(await grains.GetGrain<ITaskCatalogGrain>(id).Labels()))
            .WithTags("Tasks").WithName("ListProjectLabels").Produces<IReadOnlyList<LabelUsage>>().ProducesProblem(StatusCodes.Status404NotFound);

        projects.MapProjectMembersApi();
        return api;
    }

    private static void MapProjectMembersApi(this RouteGroupBuilder projects)
    {
        projects.MapGet("/{id}/members", async (HttpContext http, string id, IGrainFactory grains, ProjectPolicy policy) =>
                await policy.CanRead(Caller.From(http), id) is { } denied
                    ? denied
                    : await grains.GetGrain<IProjectGrain>(id).GetMembers() is { Error: null } members
                        ? TypedResults.Ok(members.Value)
                        : Problems.NotFound("Project", id))
            .WithName("ListProjectMembers").Produces<IReadOnlyList<ProjectMember>>().ProducesProblem(StatusCodes.Status404NotFound);

        projects.MapPost("/{id}/members", async (HttpContext http, string id, IGrainFactory grains, ProjectPolicy policy) =>
            {
                if (await policy.CanAdminister(Caller.From(http), id) is { } denied) return denied;
                var body = await RequestBody.Read<ProjectMemberInput>(http.Request);
                if (body.Problem is { } problem) return problem;
                var added = await grains.GetGrain<IProjectGrain>(id).AddMember(body.Value!, Caller.From(http).UserId);
                return added.Error is { } error ? Problems.From(error) : TypedResults.Created($"/api/projects/{id}/members/{added.Value!.UserId}", added.Value);
            })
            .WithName("AddProjectMember").Accepts<ProjectMemberInput>("application/json").Produces<ProjectMember>(StatusCodes.Status201Created)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        projects.MapDelete("/{id}/members/{userId}", async (HttpContext http, string id, string userId, IGrainFactory grains, ProjectPolicy policy) =>
            {
                if (await policy.CanAdminister(Caller.From(http), id) is { } denied) return denied;
                var removed = await grains.GetGrain<IProjectGrain>(id).RemoveMember(userId, actorId: Caller.From(http).UserId);
                return removed.Error is { } error ? Problems.From(error) : TypedResults.NoContent();
            })
            .WithName("RemoveProjectMember").Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }
}

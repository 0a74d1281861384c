using Conference.Catalogs;
using Conference.Common;
using Conference.Projects;
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
                var filter = new ProjectFilter(query.Enum<ProjectStatus>("status"));
                return ResourceHandlers.List(query,
                    page => grains.GetGrain<IProjectCatalogGrain>(CatalogKeys.All).List(filter, page),
                    id => grains.GetGrain<IProjectGrain>(id).Get());
            })
            .WithName("ListProjects").Produces<Page<Project>>().ProducesValidationProblem();

        projects.MapPost("/", (HttpContext http, IGrainFactory grains) =>
                ResourceHandlers.Create<ProjectInput, Project>(http, (input, id) => grains.GetGrain<IProjectGrain>(id).Create(input), id => $"/api/projects/{id}"))
            .WithName("CreateProject").Accepts<ProjectInput>("application/json").Produces<Project>(StatusCodes.Status201Created)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        projects.MapGet("/{id}", (HttpContext http, string id, IGrainFactory grains) =>
                ResourceHandlers.Get(http, "Project", id, key => grains.GetGrain<IProjectGrain>(key).Get()))
            .WithName("GetProject").Produces<Project>().ProducesProblem(StatusCodes.Status404NotFound);

        projects.MapPut("/{id}", (HttpContext http, string id, IGrainFactory grains) =>
                ResourceHandlers.Update<ProjectInput, Project>(http, "Project", id, (key, input, version) => grains.GetGrain<IProjectGrain>(key).Update(input, version)))
            .WithName("ReplaceProject").Accepts<ProjectInput>("application/json").Produces<Project>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed);

        projects.MapDelete("/{id}", (HttpContext http, string id, IGrainFactory grains) =>
                ResourceHandlers.Delete(http, "Project", id, (key, version) => grains.GetGrain<IProjectGrain>(key).Delete(version)))
            .WithName("DeleteProject").Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed);

        projects.MapGet("/{id}/tasks", async (HttpContext http, string id, IGrainFactory grains) =>
            {
                if (!ResourceIds.IsWellFormed(id) || !await grains.GetGrain<IProjectGrain>(id).AcceptsTasks())
                    return Problems.NotFound("Project", id);
                var query = new ListQuery(http.Request);
                var filter = new TaskFilter(query.Enum<TaskItemStatus>("status"), query.Id("assignee"),
                    query.Enum<TaskPriority>("priority"), query.Date("dueBefore"));
                return await ResourceHandlers.List(query,
                    page => grains.GetGrain<ITaskCatalogGrain>(id).List(filter, page),
                    taskId => grains.GetGrain<ITaskGrain>(taskId).Get());
            })
            .WithTags("Tasks").WithName("ListProjectTasks").Produces<Page<TaskItem>>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        projects.MapPost("/{id}/tasks", (HttpContext http, string id, IGrainFactory grains) =>
                ResourceIds.IsWellFormed(id)
                    ? ResourceHandlers.Create<TaskInput, TaskItem>(http, (input, taskId) => grains.GetGrain<ITaskGrain>(taskId).Create(id, input), taskId => $"/api/tasks/{taskId}")
                    : Task.FromResult(Problems.NotFound("Project", id)))
            .WithTags("Tasks").WithName("CreateTask").Accepts<TaskInput>("application/json").Produces<TaskItem>(StatusCodes.Status201Created)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        return api;
    }
}

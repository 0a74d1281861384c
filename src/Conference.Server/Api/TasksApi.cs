using Conference.Tasks;

namespace Conference.Server.Api;

public static class TasksApi
{
    public static RouteGroupBuilder MapTasksApi(this RouteGroupBuilder api)
    {
        var tasks = api.MapGroup("/tasks").WithTags("Tasks");

        tasks.MapGet("/{id}", (HttpContext http, string id, IGrainFactory grains) =>
                ResourceHandlers.Get(http, "Task", id, key => grains.GetGrain<ITaskGrain>(key).Get()))
            .WithName("GetTask").Produces<TaskItem>().ProducesProblem(StatusCodes.Status404NotFound);

        tasks.MapPut("/{id}", (HttpContext http, string id, IGrainFactory grains) =>
                ResourceHandlers.Update<TaskInput, TaskItem>(http, "Task", id, (key, input, version) => grains.GetGrain<ITaskGrain>(key).Update(input, version)))
            .WithName("ReplaceTask").Accepts<TaskInput>("application/json").Produces<TaskItem>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed);

        tasks.MapDelete("/{id}", (HttpContext http, string id, IGrainFactory grains) =>
                ResourceHandlers.Delete(http, "Task", id, (key, version) => grains.GetGrain<ITaskGrain>(key).Delete(version)))
            .WithName("DeleteTask").Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed);

        return api;
    }
}

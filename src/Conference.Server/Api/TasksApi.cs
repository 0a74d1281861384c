using Conference.Server.Auth;
using Conference.Tasks;

namespace Conference.Server.Api;

public static class TasksApi
{
    public static RouteGroupBuilder MapTasksApi(this RouteGroupBuilder api)
    {
        var tasks = api.MapGroup("/tasks").WithTags("Tasks");

        tasks.MapGet("/{id}", async (HttpContext http, string id, TaskPolicy policy) =>
            {
                var (task, denied) = await policy.Read(Caller.From(http), id);
                if (denied is not null) return denied;
                Preconditions.SetETag(http.Response, task!);
                return TypedResults.Ok(task);
            })
            .WithName("GetTask").Produces<TaskItem>().ProducesProblem(StatusCodes.Status404NotFound);

        tasks.MapPut("/{id}", (HttpContext http, string id, IGrainFactory grains, TaskPolicy policy) =>
                ResourceHandlers.Update<TaskInput, TaskItem>(http, "Task", id, _ => policy.CanWrite(Caller.From(http), id),
                    (key, input, version) => grains.GetGrain<ITaskGrain>(key).Update(input, version)))
            .WithName("ReplaceTask").Accepts<TaskInput>("application/json").Produces<TaskItem>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);

        tasks.MapDelete("/{id}", (HttpContext http, string id, IGrainFactory grains, TaskPolicy policy) =>
                ResourceHandlers.Delete(http, "Task", id, () => policy.CanWrite(Caller.From(http), id),
                    (key, version) => grains.GetGrain<ITaskGrain>(key).Delete(version)))
            .WithName("DeleteTask").Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed);

        return api;
    }
}

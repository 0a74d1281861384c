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
                    (key, input, version) => grains.GetGrain<ITaskGrain>(key).Update(input, version, Caller.From(http).UserId)))
            .WithName("ReplaceTask").Accepts<TaskInput>("application/json").Produces<TaskItem>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);

        tasks.MapPatch("/{id}", (HttpContext http, string id, IGrainFactory grains, TaskPolicy policy) =>
                ResourceHandlers.Patch<TaskInput, TaskItem>(http, "Task", id, () => policy.CanWrite(Caller.From(http), id),
                    key => grains.GetGrain<ITaskGrain>(key).Get(), InputOf,
                    (key, input, version) => grains.GetGrain<ITaskGrain>(key).Update(input, version, Caller.From(http).UserId)))
            .WithName("PatchTask").Accepts<TaskInput>("application/merge-patch+json", "application/json").Produces<TaskItem>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        tasks.MapDelete("/{id}", async (HttpContext http, string id, IGrainFactory grains, TaskPolicy policy,
                    Conference.Server.Attachments.IAttachmentStore store, ILogger<TaskPolicy> log) =>
                {
                    var result = await ResourceHandlers.Delete(http, "Task", id, () => policy.CanWrite(Caller.From(http), id),
                        (key, version) => grains.GetGrain<ITaskGrain>(key).Delete(version, Caller.From(http).UserId));
                    if (result is Microsoft.AspNetCore.Http.HttpResults.NoContent)
                        await Conference.Server.Attachments.AttachmentsApi.RemoveAllOf(id, grains, store, log);
                    return result;
                })
            .WithName("DeleteTask").Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed);

        tasks.MapTaskCommentsApi();
        tasks.MapTaskWatchersApi();
        return api;
    }

    /// <summary>The input that would recreate <paramref name="task"/>: what a merge patch applies to.</summary>
    private static TaskInput InputOf(TaskItem task) =>
        new(task.Name, task.Description, task.Status, task.Assignee, task.Priority, task.DueDate, task.Type, task.Labels,
            task.Estimate, task.ParentId, task.MilestoneId, task.BlockedBy, task.Severity, task.StepsToReproduce,
            task.Environment, task.AffectedVersion, task.FixedInVersion, task.WorkflowStatus);
}

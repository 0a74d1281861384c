using System.Collections.Concurrent;

namespace Conference.LoadTest;

// Same JSON shapes as Conference.Projects.Project / Conference.Tasks.TaskItem and their inputs.
public enum BaselinePriority { Medium, Low, High, Urgent }
public enum BaselineTaskStatus { Todo, InProgress, InReview, Done, Cancelled }
public enum BaselineProjectStatus { Planned, Active, OnHold, Completed, Archived }

public sealed record BaselineProjectInput(string? Name, string? Description, BaselineProjectStatus? Status, DateOnly? StartDate, DateOnly? EndDate);
public sealed record BaselineProject(string Id, string Name, string? Description, BaselineProjectStatus Status,
    DateOnly? StartDate, DateOnly? EndDate, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, long Version);

public sealed record BaselineTaskInput(string? Name, string? Description, BaselineTaskStatus? Status, string? Assignee,
    BaselinePriority? Priority, DateOnly? DueDate);
public sealed record BaselineTask(string Id, string ProjectId, string Name, string? Description, BaselineTaskStatus Status,
    string? Assignee, BaselinePriority Priority, DateOnly? DueDate, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, long Version);

public sealed class BaselineStore
{
    public ConcurrentDictionary<string, BaselineProject> Projects { get; } = new();
    public ConcurrentDictionary<string, BaselineTask> Tasks { get; } = new();
}

public static class BaselineRoutes
{
    public static RouteGroupBuilder MapBaselineRoutes(this RouteGroupBuilder api, BaselineStore store)
    {
        api.MapPost("/projects", (HttpContext http, BaselineProjectInput input) =>
        {
            var now = DateTimeOffset.UtcNow;
            var project = new BaselineProject(NewId(), input.Name ?? "", input.Description, input.Status ?? BaselineProjectStatus.Planned,
                input.StartDate, input.EndDate, now, now, 1);
            store.Projects[project.Id] = project;
            http.Response.Headers.ETag = "\"1\""; // the server sends the version as ETag too
            return TypedResults.Created($"/api/projects/{project.Id}", project);
        });

        api.MapPost("/projects/{id}/tasks", IResult (HttpContext http, string id, BaselineTaskInput input) =>
        {
            if (!store.Projects.ContainsKey(id)) return TypedResults.NotFound();
            var now = DateTimeOffset.UtcNow;
            var task = new BaselineTask(NewId(), id, input.Name ?? "", input.Description, input.Status ?? BaselineTaskStatus.Todo,
                input.Assignee, input.Priority ?? BaselinePriority.Medium, input.DueDate, now, now, 1);
            store.Tasks[task.Id] = task;
            http.Response.Headers.ETag = "\"1\"";
            return TypedResults.Created($"/api/tasks/{task.Id}", task);
        });

        api.MapGet("/tasks/{id}", IResult (HttpContext http, string id) =>
        {
            if (!store.Tasks.TryGetValue(id, out var task)) return TypedResults.NotFound();
            http.Response.Headers.ETag = $"\"{task.Version}\"";
            return TypedResults.Json(task);
        });

        return api;
    }

    private static string NewId() => Guid.NewGuid().ToString("N");
}

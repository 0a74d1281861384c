using Conference.Catalogs;
using Conference.Grains.Catalogs;
using Conference.Projects;
using Conference.Server.Api;
using Conference.Tasks;
using Conference.Users;

namespace Conference.Server.Auth;

/// <summary>
/// Who may do what with projects and everything under them (tasks, members). Each check answers null when the
/// caller may go ahead, or the problem to return. A project the caller may not see answers 404, as if it did
/// not exist; one they may see but not change answers 403.
/// </summary>
public sealed class ProjectPolicy(IGrainFactory grains)
{
    public static IResult? CanCreate(Caller caller) =>
        caller.IsGuest ? Forbidden("Guests cannot create projects.") : null;

    /// <summary>Admins list every project; everyone else only those they are a member of.</summary>
    public static ProjectFilter Visible(Caller caller, ProjectStatus? status) =>
        new(status, caller.IsAdmin ? null : caller.UserId);

    /// <summary>The ids of every project the caller may see (see <see cref="Visible(Caller, ProjectStatus?)"/>).</summary>
    public Task<List<string>> VisibleIds(Caller caller) =>
        CatalogPages.Ids(grains.GetGrain<IProjectCatalogGrain>(CatalogKeys.All), Visible(caller, status: null));

    public async Task<IResult?> CanRead(Caller caller, string projectId) =>
        await Visible(caller, projectId) is { } hidden ? hidden : null;

    public async Task<IResult?> CanWrite(Caller caller, string projectId)
    {
        if (await Visible(caller, projectId) is { } hidden) return hidden;
        return caller.IsGuest ? Forbidden("Guests have read-only access.") : null;
    }

    public async Task<IResult?> CanAdminister(Caller caller, string projectId)
    {
        if (await Visible(caller, projectId) is { } hidden) return hidden;
        if (caller.IsAdmin) return null;
        var access = await grains.GetGrain<IProjectGrain>(projectId).GetAccess(caller.UserId);
        return access.Role == ProjectRole.Owner && !caller.IsGuest ? null : Forbidden("Only the project's owners can do this.");
    }

    private async Task<IResult?> Visible(Caller caller, string projectId)
    {
        if (!Conference.Common.ResourceIds.IsWellFormed(projectId)) return Problems.NotFound("Project", projectId);
        var access = await grains.GetGrain<IProjectGrain>(projectId).GetAccess(caller.UserId);
        return access.Exists && (caller.IsAdmin || access.Role is not null) ? null : Problems.NotFound("Project", projectId);
    }

    internal static IResult Forbidden(string detail) => Problems.Status(StatusCodes.Status403Forbidden, "Forbidden", detail);
}

/// <summary>Tasks follow their project's rules; a task in a project the caller cannot see answers 404.</summary>
public sealed class TaskPolicy(IGrainFactory grains, ProjectPolicy projects)
{
    public Task<IResult?> CanRead(Caller caller, string taskId) => Check(caller, taskId, projects.CanRead);

    /// <summary>Reads a task the caller may see, in one grain call for admins (the hot path of integrations).</summary>
    public async Task<(TaskItem? Task, IResult? Denied)> Read(Caller caller, string taskId)
    {
        if (!Conference.Common.ResourceIds.IsWellFormed(taskId)) return (null, Problems.NotFound("Task", taskId));
        var task = (await grains.GetGrain<ITaskGrain>(taskId).Get()).Value;
        if (task is null) return (null, Problems.NotFound("Task", taskId));
        if (!caller.IsAdmin && await projects.CanRead(caller, task.ProjectId) is not null) return (null, Problems.NotFound("Task", taskId));
        return (task, null);
    }

    public Task<IResult?> CanWrite(Caller caller, string taskId) => Check(caller, taskId, projects.CanWrite);

    private async Task<IResult?> Check(Caller caller, string taskId, Func<Caller, string, Task<IResult?>> projectCheck)
    {
        if (!Conference.Common.ResourceIds.IsWellFormed(taskId)) return Problems.NotFound("Task", taskId);
        var task = await grains.GetGrain<ITaskGrain>(taskId).Get();
        if (task.Value is not { } found) return Problems.NotFound("Task", taskId);
        if (await projects.CanRead(caller, found.ProjectId) is not null) return Problems.NotFound("Task", taskId);
        return await projectCheck(caller, found.ProjectId);
    }
}

/// <summary>Admins manage accounts; members see the directory and edit their own profile; guests see only themselves.</summary>
public static class UserPolicy
{
    public static IResult? CanList(Caller caller) =>
        caller.IsGuest ? ProjectPolicy.Forbidden("Guests cannot list users.") : null;

    public static IResult? CanRead(Caller caller, string userId) =>
        caller.IsGuest && caller.UserId != userId ? Problems.NotFound("User", userId) : null;

    public static IResult? CanManage(Caller caller) =>
        caller.IsAdmin ? null : ProjectPolicy.Forbidden("Only administrators can do this.");

    public static IResult? CanUpdate(Caller caller, string userId, UserInput input)
    {
        if (caller.IsAdmin) return null;
        if (caller.UserId != userId) return CanRead(caller, userId) ?? ProjectPolicy.Forbidden("You can only change your own profile.");
        return input.Role is { } role && role != caller.Role ? ProjectPolicy.Forbidden("You cannot change your own role.") : null;
    }
}

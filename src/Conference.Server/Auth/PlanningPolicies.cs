using Conference.Milestones;
using Conference.Server.Api;

namespace Conference.Server.Auth;

/// <summary>Milestones follow their project's rules: members plan, guests read, others get 404.</summary>
public sealed class MilestonePolicy(IGrainFactory grains, ProjectPolicy projects)
{
    public Task<IResult?> CanRead(Caller caller, string milestoneId) => Check(caller, milestoneId, projects.CanRead);

    public Task<IResult?> CanWrite(Caller caller, string milestoneId) => Check(caller, milestoneId, projects.CanWrite);

    private async Task<IResult?> Check(Caller caller, string milestoneId, Func<Caller, string, Task<IResult?>> projectCheck)
    {
        if (!Conference.Common.ResourceIds.IsWellFormed(milestoneId)) return Problems.NotFound("Milestone", milestoneId);
        if (await grains.GetGrain<IMilestoneGrain>(milestoneId).GetProjectId() is not { } projectId
            || await projects.CanRead(caller, projectId) is not null)
            return Problems.NotFound("Milestone", milestoneId);
        return await projectCheck(caller, projectId);
    }
}

/// <summary>
/// Comments: whoever may read a task reads its comments; whoever may change it comments. Authors edit and delete
/// their own; admins and the project's owners may also delete (moderation), never edit, someone else's.
/// </summary>
public sealed class CommentPolicy(TaskPolicy tasks, ProjectPolicy projects)
{
    public Task<IResult?> CanRead(Caller caller, string taskId) => tasks.CanRead(caller, taskId);

    public Task<IResult?> CanWrite(Caller caller, string taskId) => tasks.CanWrite(caller, taskId);

    /// <summary>Whether the caller may delete others' comments on this task, or why they may not touch them at all.</summary>
    public async Task<(bool Moderator, IResult? Denied)> CanModerate(Caller caller, string taskId)
    {
        var (task, hidden) = await tasks.Read(caller, taskId);
        if (hidden is not null) return (false, hidden);
        if (await projects.CanWrite(caller, task!.ProjectId) is { } denied) return (false, denied);
        return (caller.IsAdmin || await projects.CanAdminister(caller, task.ProjectId) is null, null);
    }
}

/// <summary>Every signed-in user (guests too) has one inbox, their own; there is no way to name another's.</summary>
public static class NotificationPolicy
{
    public static string InboxOf(Caller caller) => caller.UserId;
}

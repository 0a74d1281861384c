using Conference.LiveUpdates;
using Conference.Server.Auth;
using Conference.Server.LiveUpdates;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.SignalR;

namespace Conference.Server.Meetings;

/// <summary>
/// Project live updates (docs/protocol.md): a board watches a project and hears its taskCreated, taskUpdated,
/// taskDeleted, commentCreated and milestoneUpdated events, whichever gateway the change was made on.
/// </summary>
public sealed partial class ConferenceHub
{
    /// <summary>Sent to a connection whose watch ended because its user lost access (checked every minute).</summary>
    public const string ProjectUnwatchedEvent = "projectUnwatched";

    /// <summary>Projects one connection may watch at once.</summary>
    public const int MaxWatchedProjects = 50;

    /// <summary>Members of the project and admins only; for anyone else the project does not exist.</summary>
    public async Task WatchProject(string projectId, [FromServices] ProjectPolicy projects, [FromServices] LiveEventRelay live)
    {
        var caller = Caller.From(Context.User!);
        if (await projects.CanRead(caller, projectId ?? "") is not null)
            throw new HubException($"Project '{projectId}' was not found.");
        if (live.CountFor(Context.ConnectionId) >= MaxWatchedProjects + 1)
            throw new HubException($"A connection can watch at most {MaxWatchedProjects} projects; unwatch one first.");
        try
        {
            await live.Listen(Context.ConnectionId, LiveFeeds.Project(projectId!), new LiveRevocation(
                async () => await projects.CanRead(caller, projectId!) is null,
                ProjectUnwatchedEvent, new ProjectUnwatched(projectId!, "You no longer have access to this project.")));
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            throw new HubException("Live updates are unavailable right now; try again shortly.");
        }
    }

    /// <summary>Stops the project's events on this connection; unwatching a project not watched does nothing.</summary>
    public Task UnwatchProject(string projectId, [FromServices] LiveEventRelay live) =>
        live.Stop(Context.ConnectionId, LiveFeeds.Project(projectId ?? ""));
}

public sealed record ProjectUnwatched(string ProjectId, string Reason);

using Conference.Common;
using Conference.LiveUpdates;
using Conference.ProjectEvents;
using Conference.Webhooks;
using Microsoft.Extensions.Logging;

namespace Conference.Grains.ProjectEvents;

/// <summary>
/// The one hook point for project changes that have landed: live updates for the boards watching the project and
/// the project's webhooks. Best effort: a failure is logged, never turned into a failed write.
/// </summary>
internal static class ProjectEventPublisher
{
    public static async Task Publish(IGrainFactory grains, ILogger logger, string type, string projectId, string? actorId, object data,
        DateTimeOffset at)
    {
        var projectEvent = new ProjectEvent(ResourceIds.New(), type, projectId, at, actorId, data);
        await BestEffort(logger, projectEvent, () => grains.GetGrain<ILiveFeedGrain>(LiveFeeds.Project(projectId)).Publish(LiveEvent.Of(projectEvent)));
        // Awaited: the deliveries are in the webhooks' persisted outboxes before the change is answered.
        await BestEffort(logger, projectEvent, () => grains.GetGrain<IProjectWebhooksGrain>(projectId).Dispatch(projectEvent));
    }

    private static async Task BestEffort(ILogger logger, ProjectEvent projectEvent, Func<Task> step)
    {
        try
        {
            await step();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "The project event {Type} of project {Project} could not be published.", projectEvent.Type, projectEvent.ProjectId);
        }
    }
}

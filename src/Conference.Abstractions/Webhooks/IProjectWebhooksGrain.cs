using Conference.Common;
using Conference.ProjectEvents;

namespace Conference.Webhooks;

/// <summary>
/// A project's webhooks (key: project id): their settings and secrets, and the fan-out of the project's events to
/// the ones subscribed to each type. Calls go one way only, to <see cref="IWebhookDeliveryGrain"/>.
/// </summary>
[Alias("conference.IProjectWebhooksGrain")]
public interface IProjectWebhooksGrain : IGrainWithStringKey
{
    [Alias("Create")] Task<Result<Webhook>> Create(string webhookId, WebhookInput input, string? actorId);
    [Alias("Get")] Task<Result<Webhook>> Get(string webhookId);
    [Alias("List")] Task<Page<Webhook>> List(PageRequest page);

    /// <summary>Removes the webhook and drops its pending deliveries and their log.</summary>
    [Alias("Delete")] Task<Result<long>> Delete(string webhookId, long? expectedVersion);

    /// <summary>Queues the event (persisted) with every webhook subscribed to its type.</summary>
    [Alias("Dispatch")] Task Dispatch(ProjectEvent projectEvent);
}

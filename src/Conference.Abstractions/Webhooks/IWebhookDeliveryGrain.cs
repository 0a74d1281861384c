using Conference.Common;
using Conference.ProjectEvents;

namespace Conference.Webhooks;

/// <summary>
/// One webhook's persisted outbox and delivery log (key: webhook id). Attempts run off the grain's turn and report
/// back through <see cref="RecordAttempt"/>; a reminder wakes the grain while anything is pending, so a restart of
/// the silo loses no delivery.
/// </summary>
[Alias("conference.IWebhookDeliveryGrain")]
public interface IWebhookDeliveryGrain : IGrainWithStringKey
{
    [Alias("Enqueue")] Task Enqueue(string projectId, WebhookTarget target, ProjectEvent projectEvent);

    [Alias("List")] Task<Page<WebhookDelivery>> List(PageRequest page);

    /// <summary>The outcome of an attempt this grain started; only the grain itself calls it.</summary>
    [Alias("RecordAttempt")] Task RecordAttempt(WebhookAttempt attempt);

    /// <summary>Drops the outbox and the log (the webhook was deleted).</summary>
    [Alias("Clear")] Task Clear();
}

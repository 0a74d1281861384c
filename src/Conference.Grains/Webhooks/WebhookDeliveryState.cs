using Conference.Grains.Catalogs;
using Conference.Webhooks;

namespace Conference.Grains.Webhooks;

[GenerateSerializer, Alias("conference.WebhookDeliveryState")]
public sealed record WebhookDeliveryState
{
    /// <summary>Where the pending deliveries go (the webhook's latest settings, given with each event).</summary>
    [Id(0)] public WebhookTarget? Target { get; init; }

    /// <summary>Deliveries still to be sent, with their body: what a restart must not lose.</summary>
    [Id(1)] public List<PendingDelivery> Outbox { get; init; } = [];

    /// <summary>Every delivery's outcome, pending ones included; the oldest finished ones go past a cap.</summary>
    [Id(2)] public SequencedList<WebhookDelivery> Log { get; init; } = new();
}

[GenerateSerializer, Alias("conference.PendingDelivery")]
public sealed record PendingDelivery(
    [property: Id(0)] WebhookPayload Payload,
    [property: Id(1)] DateTimeOffset NextAttemptAt,
    [property: Id(2)] int Attempts);

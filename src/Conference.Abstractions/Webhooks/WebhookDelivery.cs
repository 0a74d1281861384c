namespace Conference.Webhooks;

[GenerateSerializer, Alias("conference.WebhookDeliveryStatus")]
public enum WebhookDeliveryStatus
{
    /// <summary>Not delivered yet; another attempt is scheduled at <see cref="WebhookDelivery.NextAttemptAt"/>.</summary>
    Pending = 0,
    Succeeded = 1,
    /// <summary>Every attempt failed: given up, nothing more is sent.</summary>
    Failed = 2,
}

/// <summary>One event sent (or being sent) to one webhook, with the outcome of its attempts.</summary>
[Immutable, GenerateSerializer, Alias("conference.WebhookDelivery")]
public sealed record WebhookDelivery(
    [property: Id(0)] string Id,
    [property: Id(1)] string WebhookId,
    [property: Id(2)] string Event,
    [property: Id(3)] WebhookDeliveryStatus Status,
    [property: Id(4)] int Attempts,
    [property: Id(5)] int? LastStatusCode,
    [property: Id(6)] string? LastError,
    [property: Id(7)] DateTimeOffset CreatedAt,
    [property: Id(8)] DateTimeOffset? LastAttemptAt,
    [property: Id(9)] DateTimeOffset? NextAttemptAt,
    [property: Id(10)] DateTimeOffset? CompletedAt);

/// <summary>
/// The JSON body of a delivery: <see cref="Id"/> is the delivery id (stable across retries, so receivers can
/// drop duplicates), <see cref="Data"/> the resource of the event.
/// </summary>
[Immutable, GenerateSerializer, Alias("conference.WebhookPayload")]
public sealed record WebhookPayload(
    [property: Id(0)] string Id,
    [property: Id(1)] string Event,
    [property: Id(2)] DateTimeOffset OccurredAt,
    [property: Id(3)] string ProjectId,
    [property: Id(4)] object Data);

/// <summary>How one attempt went: a 2xx answer is success; anything else (or no answer) is retried.</summary>
[Immutable, GenerateSerializer, Alias("conference.WebhookAttempt")]
public sealed record WebhookAttempt(
    [property: Id(0)] string DeliveryId,
    [property: Id(1)] bool Succeeded,
    [property: Id(2)] int? StatusCode,
    [property: Id(3)] string? Error,
    [property: Id(4)] DateTimeOffset At);

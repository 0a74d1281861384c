using Conference.Webhooks;

namespace Conference.Grains.Webhooks;

/// <summary>A webhook with its secret: the secret stays in grain state and in signatures, never in answers.</summary>
[GenerateSerializer, Alias("conference.WebhookRegistration")]
public sealed record WebhookRegistration([property: Id(0)] Webhook Webhook, [property: Id(1)] string Secret)
{
    public WebhookTarget Target => new(Webhook.Url, Secret);
}

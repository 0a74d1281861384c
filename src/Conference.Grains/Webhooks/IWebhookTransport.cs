using Conference.Webhooks;

namespace Conference.Grains.Webhooks;

/// <summary>
/// Sends one delivery over HTTP (the host provides it: Conference.Server's HttpWebhookTransport, through
/// IHttpClientFactory). Never throws for a failed delivery: the answer says what went wrong.
/// </summary>
public interface IWebhookTransport
{
    Task<WebhookAttempt> Send(WebhookTarget target, WebhookPayload payload, CancellationToken cancellationToken);
}

using System.Net.Http.Headers;
using System.Text.Json;
using Conference.Grains.Webhooks;
using Conference.Webhooks;
using Microsoft.Extensions.Options;

namespace Conference.Server.Webhooks;

/// <summary>
/// Posts a delivery with the server's JSON conventions. Redirects are never followed (a receiver could otherwise send
/// the signed body to any host): a 3xx is a failed attempt like any other non-2xx answer.
/// </summary>
public sealed class HttpWebhookTransport(IHttpClientFactory clients, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, TimeProvider time)
    : IWebhookTransport
{
    public const string ClientName = "webhooks";

    public async Task<WebhookAttempt> Send(WebhookTarget target, WebhookPayload payload, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(payload, json.Value.SerializerOptions);
        using var request = new HttpRequestMessage(HttpMethod.Post, target.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(WebhookSignature.EventHeader, payload.Event);
        request.Headers.Add(WebhookSignature.DeliveryHeader, payload.Id);
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Compute(target.Secret, body));
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("Conference-Webhooks", "1.0"));
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            var error = response.IsSuccessStatusCode ? null
                : status is >= 300 and < 400 ? $"HTTP {status}: redirects are not followed."
                : $"HTTP {status}.";
            return Outcome(payload, response.IsSuccessStatusCode, status, error);
        }
        catch (OperationCanceledException)
        {
            return Outcome(payload, false, null, "The receiver did not answer in time.");
        }
        catch (HttpRequestException ex) when (ex.InnerException is WebhookAddressRefusedException refused)
        {
            return Outcome(payload, false, null, $"{refused.Message} Webhooks may only reach public addresses.");
        }
        catch (HttpRequestException ex)
        {
            return Outcome(payload, false, null, $"The request failed: {ex.HttpRequestError}.");
        }
    }

    private WebhookAttempt Outcome(WebhookPayload payload, bool succeeded, int? status, string? error) =>
        new(payload.Id, succeeded, status, error, time.GetUtcNow());
}

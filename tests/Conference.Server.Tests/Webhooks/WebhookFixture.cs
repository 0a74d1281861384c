using System.Text.Json.Nodes;
using Conference.Server.Tests.Support;

namespace Conference.Server.Tests.Webhooks;

/// <summary>A server whose webhook retries come after 100 ms, 200 ms, … (4 attempts) so retry tests take moments, and that may call loopback.</summary>
public sealed class WebhookFixture : IDisposable
{
    public const int MaxAttempts = 4;

    public ApiFactory Api { get; } = ApiFactory.With(new Dictionary<string, string>
    {
        ["Conference:Webhooks:FirstRetryDelay"] = "00:00:00.100",
        ["Conference:Webhooks:MaxAttempts"] = MaxAttempts.ToString(),
        ["Conference:Webhooks:Timeout"] = "00:00:10",
        // The receiver runs on 127.0.0.1, which webhooks may not reach by default.
        ["Conference:Webhooks:AllowPrivateNetworks"] = "true",
    });

    public void Dispose() => Api.Dispose();
}

/// <summary>Webhook requests the tests (and the authorization matrix) share.</summary>
public static class WebhookRequests
{
    public const string Secret = "s3cret-for-signing-deliveries";

    public static string Body(string url, params string[] events) =>
        $$"""{"url":"{{url}}","secret":"{{Secret}}","events":[{{string.Join(",", events.Select(e => $"\"{e}\""))}}]}""";

    /// <summary>A webhook of the project (to a closed port: nothing listens on the discard port), returning its id.</summary>
    public static async Task<string> NewWebhook(this HttpClient admin, string projectId) =>
        (await admin.Create($"/api/projects/{projectId}/webhooks", Body("http://127.0.0.1:9/hook", "milestone.updated"))).Id();

    /// <summary>Polls the deliveries list (outcomes are recorded just after the receiver answers) until it matches.</summary>
    public static async Task<List<JsonObject>> DeliveriesWhen(this HttpClient client, string projectId, string webhookId, Func<List<JsonObject>, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var page = await (await client.GetAsync($"/api/projects/{projectId}/webhooks/{webhookId}/deliveries")).Json();
            var items = page["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
            if (done(items)) return items;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Deliveries never matched: {page.ToJsonString()}");
            await Task.Delay(100);
        }
    }
}

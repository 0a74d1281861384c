using Conference.Server.Tests.Support;

namespace Conference.Server.Tests.Webhooks;

/// <summary>A server whose webhook retries come after 100 ms, 200 ms, … (4 attempts) so retry tests take moments.</summary>
public sealed class WebhookFixture : IDisposable
{
    public const int MaxAttempts = 4;

    public ApiFactory Api { get; } = ApiFactory.With(new Dictionary<string, string>
    {
        ["Conference:Webhooks:FirstRetryDelay"] = "00:00:00.100",
        ["Conference:Webhooks:MaxAttempts"] = MaxAttempts.ToString(),
        ["Conference:Webhooks:Timeout"] = "00:00:10",
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
}

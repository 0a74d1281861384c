using System.Net;
using Conference.Server.Tests.Support;

namespace Conference.Server.Tests.Api;

public sealed class OperationsEndpointsTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.CreateAdminClient();

    [Fact]
    public async Task Health_and_readiness_answer_200()
    {
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/readyz")).StatusCode);
    }

    [Fact]
    public async Task Metrics_expose_http_orleans_and_our_counters()
    {
        await _client.Create("/api/projects", """{"name":"Metered"}""");

        // The exporter caches a scrape briefly; poll until our counter shows up.
        string text = "";
        for (var attempt = 0; attempt < 50 && !text.Contains("conference_resources_created_total"); attempt++)
        {
            text = await _client.GetStringAsync("/metrics");
            if (!text.Contains("conference_resources_created_total")) await Task.Delay(200);
        }

        Assert.Contains("conference_resources_created_total{", text);
        Assert.Contains("resource=\"project\"", text);
        Assert.Contains("http_server_request_duration_seconds", text);
        Assert.Contains("orleans_", text);
        Assert.Contains("conference_media_peers", text); // the embedded default has the sfu role: its engine runs
        // The forwarding plane's instruments (docs/operations.md).
        foreach (var name in new[] { "conference_sfu_rooms", "conference_sfu_participants", "conference_sfu_tracks", "direction=\"subscribed\"",
                     "conference_sfu_forwarded_packets_total", "conference_sfu_feedback_total", "type=\"nack_received\"",
                     "conference_sfu_retransmissions_total", "conference_sfu_data_messages" })
        {
            Assert.Contains(name, text);
        }
    }

    [Fact]
    public async Task OpenApi_document_lists_the_seed_endpoints()
    {
        var document = await _client.GetStringAsync("/openapi/v1.json");

        foreach (var path in new[] { "/api/projects", "/api/projects/{id}", "/api/projects/{id}/tasks", "/api/tasks/{id}", "/api/users", "/api/users/{id}" })
            Assert.Contains($"\"{path}\"", document);
    }
}

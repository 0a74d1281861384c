using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Conference.Server.Tests.Support;

namespace Conference.Server.Tests.Webhooks;

/// <summary>Deliveries to a real receiver on 127.0.0.1: signed, filtered by event type, retried with a stable id, given up.</summary>
public sealed class WebhookDeliveryTests(WebhookFixture fixture) : IClassFixture<WebhookFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly HttpClient _admin = fixture.Api.CreateAdminClient();

    private async Task<(string ProjectId, string WebhookId)> ProjectWithWebhook(WebhookReceiver receiver, params string[] events)
    {
        var projectId = (await _admin.Create("/api/projects", """{"name":"Hooked"}""")).Id();
        var webhook = await _admin.Create($"/api/projects/{projectId}/webhooks", WebhookRequests.Body($"{receiver.BaseUrl}/hooks/{projectId}", events));
        return (projectId, webhook.Id());
    }

    private static string Hmac(byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(WebhookRequests.Secret), body));

    [Fact]
    public async Task Deliveries_are_signed_carry_the_event_and_only_the_subscribed_types_are_sent()
    {
        await using var receiver = await WebhookReceiver.Start();
        var (projectId, webhookId) = await ProjectWithWebhook(receiver, "task.created", "comment.created", "milestone.updated", "task.deleted");

        var taskId = (await _admin.Create($"/api/projects/{projectId}/tasks", """{"name":"Ship it"}""")).Id();
        Assert.True((await _admin.PutJson($"/api/tasks/{taskId}", """{"name":"Ship it now"}""")).IsSuccessStatusCode);
        var commentId = (await _admin.Create($"/api/tasks/{taskId}/comments", """{"text":"On it"}""")).Id();
        var milestoneId = (await _admin.Create($"/api/projects/{projectId}/milestones", """{"name":"GA"}""")).Id();
        Assert.True((await _admin.PutJson($"/api/milestones/{milestoneId}", """{"name":"GA 1.0"}""")).IsSuccessStatusCode);
        Assert.True((await _admin.Delete($"/api/tasks/{taskId}")).IsSuccessStatusCode);

        var received = new List<ReceivedDelivery>();
        for (var i = 0; i < 4; i++) received.Add(await receiver.Next(Wait));

        // The outbox sends in order: a task.updated delivery would have come second.
        Assert.Equal(["task.created", "comment.created", "milestone.updated", "task.deleted"], received.Select(d => d.Event));
        foreach (var delivery in received)
        {
            Assert.Equal(Hmac(delivery.Body), delivery.Signature);
            Assert.Equal("application/json", delivery.ContentType?.Split(';')[0]);
            Assert.Equal($"/hooks/{projectId}", delivery.Path);
            var body = JsonNode.Parse(delivery.Body)!.AsObject();
            Assert.Equal(delivery.DeliveryId, body["id"]!.GetValue<string>());
            Assert.Equal(delivery.Event, body["event"]!.GetValue<string>());
            Assert.Equal(projectId, body["projectId"]!.GetValue<string>());
            Assert.True(DateTimeOffset.TryParse(body["occurredAt"]!.GetValue<string>(), out _));
        }
        var data = received.Select(d => JsonNode.Parse(d.Body)!["data"]!.AsObject()).ToList();
        Assert.Equal((taskId, "Ship it"), (data[0].Id(), data[0]["name"]!.GetValue<string>()));
        Assert.Equal((commentId, "On it", taskId), (data[1].Id(), data[1]["text"]!.GetValue<string>(), data[1]["taskId"]!.GetValue<string>()));
        Assert.Equal((milestoneId, "GA 1.0"), (data[2].Id(), data[2]["name"]!.GetValue<string>()));
        Assert.Equal((taskId, "Ship it now"), (data[3].Id(), data[3]["name"]!.GetValue<string>()));

        var deliveries = await _admin.DeliveriesWhen(projectId, webhookId, items => items.Count == 4 && items.All(d => d["status"]!.GetValue<string>() == "succeeded"));
        Assert.Equal(received.Select(d => d.DeliveryId), deliveries.Select(d => d.Id()));
        Assert.All(deliveries, d => Assert.Equal((1, 204), (d["attempts"]!.GetValue<int>(), d["lastStatusCode"]!.GetValue<int>())));
    }

    [Fact]
    public async Task A_receiver_that_fails_twice_gets_the_delivery_on_the_third_attempt_with_the_same_id_and_body()
    {
        await using var receiver = await WebhookReceiver.Start((_, before) => before < 2 ? 500 : 200);
        var (projectId, webhookId) = await ProjectWithWebhook(receiver, "task.created");

        await _admin.Create($"/api/projects/{projectId}/tasks", """{"name":"Flaky receiver"}""");
        var attempts = new[] { await receiver.Next(Wait), await receiver.Next(Wait), await receiver.Next(Wait) };

        Assert.Equal([500, 500, 200], attempts.Select(a => a.Answered));
        Assert.Single(attempts.Select(a => a.DeliveryId).Distinct());
        Assert.All(attempts, a => Assert.Equal(attempts[0].Body, a.Body));
        Assert.All(attempts, a => Assert.Equal(Hmac(a.Body), a.Signature));
        var delivery = (await _admin.DeliveriesWhen(projectId, webhookId, items => items is [{ } d] && d["status"]!.GetValue<string>() == "succeeded")).Single();
        Assert.Equal(attempts[0].DeliveryId, delivery.Id());
        Assert.Equal(3, delivery["attempts"]!.GetValue<int>());
        Assert.Equal(200, delivery["lastStatusCode"]!.GetValue<int>());
        Assert.Null(delivery["lastError"]);
        Assert.Null(delivery["nextAttemptAt"]);
        Assert.NotNull(delivery["completedAt"]);

        var metrics = await (await fixture.Api.CreateClient().GetAsync("/metrics")).Content.ReadAsStringAsync();
        Assert.Contains("conference_webhooks_delivered", metrics);
        Assert.Contains("conference_webhooks_attempts", metrics);
    }

    [Fact]
    public async Task A_delivery_is_given_up_after_the_configured_attempts_and_the_log_says_why()
    {
        await using var receiver = await WebhookReceiver.Start((_, _) => 503);
        var (projectId, webhookId) = await ProjectWithWebhook(receiver, "task.created");

        await _admin.Create($"/api/projects/{projectId}/tasks", """{"name":"Nobody home"}""");

        var delivery = (await _admin.DeliveriesWhen(projectId, webhookId, items => items is [{ } d] && d["status"]!.GetValue<string>() == "failed")).Single();
        Assert.Equal(WebhookFixture.MaxAttempts, delivery["attempts"]!.GetValue<int>());
        Assert.Equal(503, delivery["lastStatusCode"]!.GetValue<int>());
        Assert.Equal("HTTP 503.", delivery["lastError"]!.GetValue<string>());
        for (var i = 0; i < WebhookFixture.MaxAttempts; i++) Assert.Equal(503, (await receiver.Next(Wait)).Answered);
        Assert.False(receiver.Received.Reader.TryRead(out _));
    }

    [Fact]
    public async Task Redirects_are_not_followed()
    {
        await using var receiver = await WebhookReceiver.Start((_, _) => 307);
        var (projectId, webhookId) = await ProjectWithWebhook(receiver, "task.created");

        await _admin.Create($"/api/projects/{projectId}/tasks", """{"name":"Moved"}""");

        var delivery = (await _admin.DeliveriesWhen(projectId, webhookId, items => items is [{ } d] && d["status"]!.GetValue<string>() == "failed")).Single();
        Assert.Equal(307, delivery["lastStatusCode"]!.GetValue<int>());
        Assert.Contains("redirects are not followed", delivery["lastError"]!.GetValue<string>());
        var paths = new List<string>();
        while (receiver.Received.Reader.TryRead(out var request)) paths.Add(request.Path);
        Assert.Equal(Enumerable.Repeat($"/hooks/{projectId}", WebhookFixture.MaxAttempts), paths);
    }
}

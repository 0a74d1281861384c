using Conference.Server.Tests.Support;

namespace Conference.Server.Tests.Webhooks;

/// <summary>
/// The embedded default: a delivery that failed once is pending when the server stops; after the restart its
/// reminder (kept in the data folder) wakes the webhook, which nothing else touches, and the delivery goes out.
/// </summary>
public sealed class WebhookEmbeddedRestartTests
{
    private static readonly Dictionary<string, string> Settings = new()
    {
        // Long enough that the retry cannot happen before the server has stopped; the reminder brings it back.
        ["Conference:Webhooks:FirstRetryDelay"] = "00:00:30",
        ["Conference:Webhooks:AllowPrivateNetworks"] = "true",
    };

    [Fact]
    public async Task A_pending_delivery_survives_a_restart_of_the_embedded_server()
    {
        await using var receiver = await WebhookReceiver.Start((_, before) => before == 0 ? 500 : 200);
        var dataPath = TempFolder.Create("conference-hooks-restart");
        string adminEmail, projectId, webhookId;
        ReceivedDelivery first;

        await using (var before = ApiFactory.On(dataPath, HttpJson.UniqueEmail("admin"), Settings))
        {
            adminEmail = before.AdminEmail;
            var admin = before.CreateAdminClient();
            projectId = (await admin.Create("/api/projects", """{"name":"Durable"}""")).Id();
            webhookId = (await admin.Create($"/api/projects/{projectId}/webhooks", WebhookRequests.Body($"{receiver.BaseUrl}/embedded", "task.created"))).Id();
            await admin.Create($"/api/projects/{projectId}/tasks", """{"name":"Survives"}""");
            first = await receiver.Next(TimeSpan.FromSeconds(30));
            await admin.DeliveriesWhen(projectId, webhookId, items => items is [{ } d] && d["attempts"]!.GetValue<int>() == 1);
        }

        Assert.Equal(500, first.Answered);
        Assert.False(receiver.Received.Reader.TryRead(out _), "The retry came before the server stopped; nothing was tested.");
        Assert.Contains("webhook-deliveries", await File.ReadAllTextAsync(Path.Combine(dataPath, "reminders.json")));

        await using var after = ApiFactory.On(dataPath, adminEmail, Settings);
        _ = after.Server; // starts the host; the test calls nothing until the retry has arrived
        var retried = await receiver.Next(TimeSpan.FromMinutes(4));
        var delivery = (await after.CreateAdminClient().DeliveriesWhen(projectId, webhookId,
            items => items is [{ } d] && d["status"]!.GetValue<string>() == "succeeded")).Single();

        Assert.Equal((200, first.DeliveryId), (retried.Answered, retried.DeliveryId));
        Assert.Equal(first.Body, retried.Body);
        Assert.Equal(2, delivery["attempts"]!.GetValue<int>());
    }
}

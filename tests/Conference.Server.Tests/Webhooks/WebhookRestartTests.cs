using Conference.Server.Tests.Support;

namespace Conference.Server.Tests.Webhooks;

/// <summary>
/// Cluster mode on a real PostgreSQL: a delivery that failed once is still pending when the only silo stops; the
/// next silo is woken by the persisted reminder (nothing else touches the webhook) and delivers it, same id.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class WebhookRestartTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly string _signingKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    private ServerProcess StartServer() => ServerProcess.Start(new Dictionary<string, string>
    {
        ["Conference:Cluster:Mode"] = "postgres",
        ["Conference:Cluster:ConnectionString"] = postgres.ConnectionString(),
        ["Conference:Cluster:SiloPort"] = FreePorts.Tcp().ToString(),
        ["Conference:Cluster:GatewayPort"] = FreePorts.Tcp().ToString(),
        ["Conference:DataPath"] = TempFolder.Create("conference-hooks"),
        ["Conference:Auth:SigningKey"] = _signingKey,
        // Long enough that the retry cannot happen before the silo has stopped; the reminder brings it back.
        ["Conference:Webhooks:FirstRetryDelay"] = "00:00:30",
        ["Conference:Webhooks:AllowPrivateNetworks"] = "true",
    });

    [Fact]
    public async Task A_pending_delivery_survives_a_silo_restart_and_is_delivered_by_the_next_one()
    {
        await using var receiver = await WebhookReceiver.Start((_, before) => before == 0 ? 500 : 200);
        var adminEmail = HttpJson.UniqueEmail("admin");
        string projectId = "", webhookId = "";
        ReceivedDelivery first = null!;

        await using (var before = StartServer())
        await ServerProcess.WithLogs(async () =>
        {
            await before.WaitUntilReady(StartTimeout);
            await before.Client.Create("/api/auth/register", $$"""{"name":"Admin","email":"{{adminEmail}}","password":"{{ApiFactory.Password}}"}""");
            await Authenticate(before, adminEmail);
            projectId = (await before.Client.Create("/api/projects", """{"name":"Durable"}""")).Id();
            webhookId = (await before.Client.Create($"/api/projects/{projectId}/webhooks",
                WebhookRequests.Body($"{receiver.BaseUrl}/durable", "task.created"))).Id();
            await before.Client.Create($"/api/projects/{projectId}/tasks", """{"name":"Survives"}""");
            first = await receiver.Next(TimeSpan.FromSeconds(30));
            await before.Client.DeliveriesWhen(projectId, webhookId, items => items is [{ } d] && d["attempts"]!.GetValue<int>() == 1);
            await before.Stop();
        }, before);

        Assert.Equal(500, first.Answered);
        Assert.False(receiver.Received.Reader.TryRead(out _), "The retry came before the silo stopped; nothing was tested.");
        Assert.True(await postgres.Scalar("SELECT count(*) FROM OrleansRemindersTable WHERE ReminderName = 'webhook-deliveries'") >= 1);

        await using var after = StartServer();
        await ServerProcess.WithLogs(async () =>
        {
            await after.WaitUntilReady(StartTimeout);
            // Only the reminder can wake the webhook now: the test does not call the server until the retry arrived.
            var retried = await receiver.Next(TimeSpan.FromMinutes(4));
            await Authenticate(after, adminEmail);
            var delivery = (await after.Client.DeliveriesWhen(projectId, webhookId, items => items is [{ } d] && d["status"]!.GetValue<string>() == "succeeded")).Single();

            Assert.Equal((200, first.DeliveryId), (retried.Answered, retried.DeliveryId));
            Assert.Equal(first.Body, retried.Body);
            Assert.Equal(2, delivery["attempts"]!.GetValue<int>());
        }, after);
    }

    private static async Task Authenticate(ServerProcess server, string email)
    {
        var login = await (await server.Client.PostJson("/api/auth/login", $$"""{"email":"{{email}}","password":"{{ApiFactory.Password}}"}""")).Json();
        server.Client.DefaultRequestHeaders.Authorization = new("Bearer", login["accessToken"]!.GetValue<string>());
    }
}

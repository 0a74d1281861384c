using Conference.Server.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;

namespace Conference.Server.Tests.LiveUpdates;

/// <summary>
/// One core silo process and two gateway-only processes: a change made through gateway A reaches a board watching
/// the project on gateway B, and the assignee's notification reaches them there, through each gateway's relay.
/// </summary>
[Trait("Category", "Cluster")]
public sealed class CrossGatewayLiveUpdatesTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task A_project_event_and_a_notification_cross_from_one_gateway_to_another()
    {
        var signingKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var gatewayPort = FreePorts.Tcp();
        Dictionary<string, string> Settings(string roles, int siloPort) => new()
        {
            ["Conference:Roles"] = roles,
            ["Conference:Cluster:SiloPort"] = siloPort.ToString(),
            ["Conference:Cluster:GatewayPort"] = gatewayPort.ToString(),
            ["Conference:DataPath"] = TempFolder.Create("conference-live"),
            ["Conference:Auth:SigningKey"] = signingKey,
        };
        await using var silo = ServerProcess.Start(Settings("core,sfu", FreePorts.Tcp()));
        await silo.WaitUntilReady(StartTimeout);
        await using var gatewayA = ServerProcess.Start(Settings("gateway", 0));
        await using var gatewayB = ServerProcess.Start(Settings("gateway", 0));
        await Task.WhenAll(gatewayA.WaitUntilReady(StartTimeout), gatewayB.WaitUntilReady(StartTimeout));

        await ServerProcess.WithLogs(async () =>
        {
            var adminEmail = HttpJson.UniqueEmail("admin");
            await gatewayA.Client.Create("/api/auth/register", $$"""{"name":"Ada","email":"{{adminEmail}}","password":"{{ApiFactory.Password}}"}""");
            gatewayA.Client.DefaultRequestHeaders.Authorization = new("Bearer", await Login(gatewayA, adminEmail));
            var memberEmail = HttpJson.UniqueEmail("bo");
            var boId = (await gatewayA.Client.Create("/api/users", $$"""{"name":"Bo","email":"{{memberEmail}}","password":"{{ApiFactory.Password}}"}""")).Id();
            var projectId = (await gatewayA.Client.Create("/api/projects", """{"name":"Across gateways"}""")).Id();
            await gatewayA.Client.Create($"/api/projects/{projectId}/members", $$"""{"userId":"{{boId}}"}""");

            await using var bo = await LiveClient.Connect(new Uri($"http://127.0.0.1:{gatewayB.HttpPort}/hubs/conference"), await Login(gatewayB, memberEmail));
            await bo.Connection.InvokeAsync("WatchProject", projectId);
            var taskId = (await gatewayA.Client.Create($"/api/projects/{projectId}/tasks", $$"""{"name":"Hand-off","assignee":"{{boId}}"}""")).Id();

            var created = await bo.Next("taskCreated", e => e.DataId() == taskId, Wait);
            var assigned = await bo.Next("notification", n => n.Text("taskId") == taskId, Wait);

            Assert.Equal(("task.created", "Hand-off"), (created.Text("type"), created.GetProperty("data").Text("name")));
            Assert.Equal("assigned", assigned.Text("kind"));
        }, silo, gatewayA, gatewayB);
    }

    private static async Task<string> Login(ServerProcess gateway, string email)
    {
        var login = await (await gateway.Client.PostJson("/api/auth/login", $$"""{"email":"{{email}}","password":"{{ApiFactory.Password}}"}""")).Json();
        return login["accessToken"]!.GetValue<string>();
    }
}

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
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task A_project_event_and_a_notification_cross_from_one_gateway_to_another()
    {
        await using var cluster = await TwoGatewayCluster.Start("conference-live");
        var (gatewayA, gatewayB) = (cluster.GatewayA, cluster.GatewayB);

        await cluster.WithLogs(async () =>
        {
            var adminEmail = HttpJson.UniqueEmail("admin");
            await gatewayA.Client.Create("/api/auth/register", $$"""{"name":"Ada","email":"{{adminEmail}}","password":"{{ApiFactory.Password}}"}""");
            gatewayA.Client.DefaultRequestHeaders.Authorization = new("Bearer", await TwoGatewayCluster.Login(gatewayA, adminEmail));
            var memberEmail = HttpJson.UniqueEmail("bo");
            var boId = (await gatewayA.Client.Create("/api/users", $$"""{"name":"Bo","email":"{{memberEmail}}","password":"{{ApiFactory.Password}}"}""")).Id();
            var projectId = (await gatewayA.Client.Create("/api/projects", """{"name":"Across gateways"}""")).Id();
            await gatewayA.Client.Create($"/api/projects/{projectId}/members", $$"""{"userId":"{{boId}}"}""");

            await using var bo = await LiveClient.Connect(new Uri($"http://127.0.0.1:{gatewayB.HttpPort}/hubs/conference"), await TwoGatewayCluster.Login(gatewayB, memberEmail));
            await bo.Connection.InvokeAsync("WatchProject", projectId);
            var taskId = (await gatewayA.Client.Create($"/api/projects/{projectId}/tasks", $$"""{"name":"Hand-off","assignee":"{{boId}}"}""")).Id();

            var created = await bo.Next("taskCreated", e => e.DataId() == taskId, Wait);
            var assigned = await bo.Next("notification", n => n.Text("taskId") == taskId, Wait);

            Assert.Equal(("task.created", "Hand-off"), (created.Text("type"), created.GetProperty("data").Text("name")));
            Assert.Equal("assigned", assigned.Text("kind"));
        });
    }
}

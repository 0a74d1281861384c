using Conference.Server.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;

namespace Conference.Server.Tests.LiveUpdates;

/// <summary>
/// One core silo process and two gateway-only processes: a change made through gateway A reaches a board watching
/// the project on gateway B, and the assignee's notification reaches them there, through each gateway's relay; deleting
/// the assignee through gateway A revokes them on gateway B.
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

            var boToken = await TwoGatewayCluster.Login(gatewayB, memberEmail);
            await using var bo = await LiveClient.Connect(new Uri($"http://127.0.0.1:{gatewayB.HttpPort}/hubs/conference"), boToken);
            await bo.Connection.InvokeAsync("WatchProject", projectId);
            var taskId = (await gatewayA.Client.Create($"/api/projects/{projectId}/tasks", $$"""{"name":"Hand-off","assignee":"{{boId}}"}""")).Id();

            var created = await bo.Next("taskCreated", e => e.DataId() == taskId, Wait);
            var assigned = await bo.Next("notification", n => n.Text("taskId") == taskId, Wait);

            Assert.Equal(("task.created", "Hand-off"), (created.Text("type"), created.GetProperty("data").Text("name")));
            Assert.Equal("assigned", assigned.Text("kind"));

            // Deleting Bo through gateway A revokes Bo on gateway B too: the open hub connection closes and the
            // still-unexpired token is refused there on the next request (the account change is announced cluster-wide).
            var closed = new TaskCompletionSource();
            bo.Connection.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };
            Assert.Equal(System.Net.HttpStatusCode.NoContent, (await gatewayA.Client.DeleteAsync($"/api/users/{boId}")).StatusCode);
            await closed.Task.WaitAsync(Wait);
            var request = new HttpRequestMessage(HttpMethod.Get, "/api/projects") { Headers = { Authorization = new("Bearer", boToken) } };
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await gatewayB.Client.SendAsync(request)).StatusCode);
        });
    }
}

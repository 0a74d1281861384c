using System.Net;
using Conference.Server.Tests.Support;

namespace Conference.Server.Tests.Cluster;

/// <summary>
/// Cluster mode: silo processes form a cluster through the ADO.NET membership table on a real PostgreSQL, apply
/// the schema themselves (two at once), and keep grain state there across a full stop and start.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class PostgresClusterTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly string _signingKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    private ServerProcess StartServer(string roles) => ServerProcess.Start(new Dictionary<string, string>
    {
        ["Conference:Roles"] = roles,
        ["Conference:Cluster:Mode"] = "postgres",
        ["Conference:Cluster:ConnectionString"] = postgres.ConnectionString(),
        ["Conference:Cluster:SiloPort"] = FreePorts.Tcp().ToString(),
        ["Conference:Cluster:GatewayPort"] = FreePorts.Tcp().ToString(),
        ["Conference:DataPath"] = TempFolder.Create("conference-silo"),
        ["Conference:Auth:SigningKey"] = _signingKey,
    });

    /// <summary>Registers (first account = admin) or logs in, and makes every given server's client carry the token.</summary>
    private static async Task Authenticate(ServerProcess via, string email, bool register, params ServerProcess[] servers)
    {
        if (register)
            await via.Client.Create("/api/auth/register", $$"""{"name":"Admin","email":"{{email}}","password":"{{ApiFactory.Password}}"}""");
        var login = await (await via.Client.PostJson("/api/auth/login", $$"""{"email":"{{email}}","password":"{{ApiFactory.Password}}"}""")).Json();
        foreach (var server in servers)
            server.Client.DefaultRequestHeaders.Authorization = new("Bearer", login["accessToken"]!.GetValue<string>());
    }

    [Fact]
    public async Task Two_silo_processes_share_state_a_gateway_client_reads_it_and_it_survives_a_full_restart()
    {
        string userId = "", projectId = "", taskId = "";
        var adminEmail = HttpJson.UniqueEmail("admin");
        await using (var a = StartServer("gateway,core"))
        await using (var b = StartServer("gateway,core"))
        await ServerProcess.WithLogs(async () =>
        {
            await Task.WhenAll(a.WaitUntilReady(StartTimeout), b.WaitUntilReady(StartTimeout));
            Assert.Equal(2, await postgres.Scalar("SELECT count(*) FROM OrleansMembershipTable WHERE Status = 3"));
            await Authenticate(a, adminEmail, register: true, a, b);

            userId = (await a.Client.Create("/api/users", $$"""{"name":"Clustered","email":"{{HttpJson.UniqueEmail("c")}}"}""")).Id();
            projectId = (await a.Client.Create("/api/projects", """{"name":"Shared","status":"active"}""")).Id();
            taskId = (await b.Client.Create($"/api/projects/{projectId}/tasks", $$"""{"name":"Across","assignee":"{{userId}}"}""")).Id();

            Assert.Equal("Clustered", (await (await b.Client.GetAsync($"/api/users/{userId}")).Json())["name"]!.GetValue<string>());
            Assert.Equal(taskId, (await (await a.Client.GetAsync($"/api/projects/{projectId}/tasks")).Json())["items"]![0]!.AsObject().Id());

            await using var gateway = StartServer("gateway");
            await gateway.WaitUntilReady(StartTimeout);
            await Authenticate(gateway, adminEmail, register: false, gateway);
            Assert.Equal("Shared", (await (await gateway.Client.GetAsync($"/api/projects/{projectId}")).Json())["name"]!.GetValue<string>());
        }, a, b);

        Assert.True(await postgres.Scalar("SELECT count(*) FROM OrleansStorage WHERE PayloadBinary IS NOT NULL") >= 4);

        await using var again = StartServer("gateway,core,sfu");
        await again.WaitUntilReady(StartTimeout);
        await ServerProcess.WithLogs(async () =>
        {
        await Authenticate(again, adminEmail, register: false, again);
        var task = await (await again.Client.GetAsync($"/api/tasks/{taskId}")).Json();
        Assert.Equal(userId, task["assignee"]!.GetValue<string>());
        var users = await (await again.Client.GetAsync("/api/users")).Json();
        Assert.Contains(users["items"]!.AsArray(), u => u!.AsObject().Id() == userId);
        Assert.Equal(HttpStatusCode.OK, (await again.Client.GetAsync($"/api/projects/{projectId}")).StatusCode);
        }, again);
    }
}

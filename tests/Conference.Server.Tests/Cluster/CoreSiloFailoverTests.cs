using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using Conference.Server.Tests.Support;
using Xunit.Abstractions;

namespace Conference.Server.Tests.Cluster;

/// <summary>
/// kill -9 of a core silo while task writes run through a gateway (PostgreSQL cluster mode, real processes):
/// failed requests are 503 with Retry-After (never 500), retries carry the same Idempotency-Key, and afterwards
/// every acknowledged write is readable exactly once. The unavailability window is printed.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class CoreSiloFailoverTests(PostgresServer postgres, ITestOutputHelper output) : IClassFixture<PostgresServer>
{
    private const int Writers = 4;
    private const int WritesEach = 30;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private readonly string _signingKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    private ServerProcess StartServer(string roles) => ServerProcess.Start(new Dictionary<string, string>
    {
        ["Conference:Roles"] = roles,
        ["Conference:Cluster:Mode"] = "postgres",
        ["Conference:Cluster:ConnectionString"] = postgres.ConnectionString(),
        ["Conference:Cluster:ServiceId"] = "failover",
        ["Conference:Cluster:ClusterId"] = "failover",
        ["Conference:Cluster:SiloPort"] = FreePorts.Tcp().ToString(),
        ["Conference:Cluster:GatewayPort"] = FreePorts.Tcp().ToString(),
        ["Conference:DataPath"] = TempFolder.Create("conference-failover"),
        ["Conference:Auth:SigningKey"] = _signingKey,
    });

    [Fact]
    public async Task Killing_a_core_silo_loses_no_acknowledged_write_makes_no_duplicate_and_fails_only_with_503()
    {
        await using var coreA = StartServer("core");
        await using var coreB = StartServer("core");
        await using var gateway = StartServer("gateway");
        await ServerProcess.WithLogs(async () =>
        {
            await Task.WhenAll(coreA.WaitUntilReady(StartTimeout), coreB.WaitUntilReady(StartTimeout), gateway.WaitUntilReady(StartTimeout));
            var email = HttpJson.UniqueEmail("failover");
            await gateway.Client.Create("/api/auth/register", $$"""{"name":"Ops","email":"{{email}}","password":"{{ApiFactory.Password}}"}""");
            var login = await (await gateway.Client.PostJson("/api/auth/login", $$"""{"email":"{{email}}","password":"{{ApiFactory.Password}}"}""")).Json();
            gateway.Client.DefaultRequestHeaders.Authorization = new("Bearer", login["accessToken"]!.GetValue<string>());
            var projectId = (await gateway.Client.Create("/api/projects", """{"name":"Failover"}""")).Id();

            var acknowledged = new ConcurrentDictionary<string, string>();
            var failures = new ConcurrentBag<(TimeSpan At, int Status, bool RetryAfter)>();
            var clock = Stopwatch.StartNew();
            TimeSpan? killedAt = null;
            var killed = new TaskCompletionSource();

            async Task Write(int writer)
            {
                for (var i = 0; i < WritesEach; i++)
                {
                    if (writer == 0 && i == 5) killed.TrySetResult();
                    var name = $"w{writer}-{i}";
                    var deadline = clock.Elapsed + TimeSpan.FromSeconds(90);
                    while (true)
                    {
                        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/projects/{projectId}/tasks")
                        {
                            Content = new StringContent($$"""{"name":"{{name}}"}""", Encoding.UTF8, "application/json"),
                        };
                        request.Headers.TryAddWithoutValidation("Idempotency-Key", name);
                        var response = await gateway.Client.SendAsync(request);
                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            acknowledged[name] = (await response.Json()).Id();
                            break;
                        }
                        failures.Add((clock.Elapsed, (int)response.StatusCode, response.Headers.RetryAfter is not null));
                        Assert.True(clock.Elapsed < deadline, $"{name} never succeeded: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                        await Task.Delay(500);
                    }
                    await Task.Delay(100);
                }
            }

            var writers = Enumerable.Range(0, Writers).Select(Write).ToList();
            await killed.Task;
            await coreB.Kill();
            killedAt = clock.Elapsed;
            await Task.WhenAll(writers);

            var listed = new List<string>();
            string? cursor = null;
            do
            {
                var page = await (await gateway.Client.GetAsync($"/api/projects/{projectId}/tasks?limit=200{(cursor is null ? "" : $"&cursor={cursor}")}")).Json();
                listed.AddRange(page["items"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()));
                cursor = page["nextCursor"]?.GetValue<string>();
            } while (cursor is not null);

            Assert.Equal(Writers * WritesEach, acknowledged.Count);
            Assert.Equal(acknowledged.Keys.Order(), listed.Order());              // every acknowledged write, once
            Assert.All(failures, f => Assert.True(f.Status is 503 or 409 && f.RetryAfter, $"a failed write answered {f.Status} (Retry-After: {f.RetryAfter})"));
            var afterKill = failures.Where(f => f.At >= killedAt).ToList();
            var window = afterKill.Count == 0 ? TimeSpan.Zero : afterKill.Max(f => f.At) - killedAt!.Value;
            output.WriteLine($"kill -9 of a core silo: {failures.Count} failed attempts ({string.Join(", ", failures.GroupBy(f => f.Status).Select(g => $"{g.Count()}×{g.Key}"))}), " +
                             $"writes failing for {window.TotalSeconds:0.0} s after the kill; {acknowledged.Count} writes acknowledged, {listed.Count} listed");
        }, coreA, coreB, gateway);
    }
}

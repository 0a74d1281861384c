using System.Net;
using System.Security.Cryptography;
using System.Text;
using Conference.Common;
using Conference.Projects;
using Conference.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Conference.Server.Tests.Api;

/// <summary>Idempotency-Key on POST (per caller, first response replayed) and the edge's deadline answering 503.</summary>
public sealed class IdempotencyAndDeadlineTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static HttpRequestMessage Post(string url, string json, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (key is not null) request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return request;
    }

    [Fact]
    public async Task A_retried_create_with_the_same_key_returns_the_first_result_instead_of_a_duplicate()
    {
        var client = factory.CreateAdminClient();
        var key = Guid.NewGuid().ToString();
        var first = await client.SendAsync(Post("/api/projects", """{"name":"Once"}""", key));
        var again = await client.SendAsync(Post("/api/projects", """{"name":"Once"}""", key));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        var created = await first.Json();
        Assert.Equal(created.Id(), (await again.Json()).Id());
        Assert.Equal(first.Headers.Location, again.Headers.Location);
        Assert.Equal(first.Headers.ETag, again.Headers.ETag);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));

        var tasks = new List<string>();
        for (var i = 0; i < 3; i++)
            tasks.Add((await (await client.SendAsync(Post($"/api/projects/{created.Id()}/tasks", """{"name":"T"}""", "task-key"))).Json()).Id());
        Assert.Single(tasks.Distinct());
        var listed = await (await client.GetAsync($"/api/projects/{created.Id()}/tasks")).Json();
        Assert.Single(listed["items"]!.AsArray());
    }

    [Fact]
    public async Task Keys_are_per_caller_and_a_key_reused_for_another_request_is_422()
    {
        var admin = factory.CreateAdminClient();
        var (_, member) = await factory.CreateUserClient("member");
        var key = Guid.NewGuid().ToString();

        var mine = await (await admin.SendAsync(Post("/api/projects", """{"name":"Mine"}""", key))).Json();
        var theirs = await member.SendAsync(Post("/api/projects", """{"name":"Mine"}""", key));
        Assert.Equal(HttpStatusCode.Created, theirs.StatusCode);
        Assert.NotEqual(mine.Id(), (await theirs.Json()).Id());

        var reused = await admin.SendAsync(Post("/api/projects", """{"name":"Other"}""", key));
        await reused.Problem(422);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("k-0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890")]
    public async Task A_malformed_key_is_400_naming_the_header(string key)
    {
        var response = await factory.CreateAdminClient().SendAsync(Post("/api/projects", """{"name":"K"}""", key));
        Assert.Contains("Idempotency-Key", (await response.Problem(400)).ErrorFields());
    }

    [Fact]
    public async Task A_retry_whose_first_attempt_committed_but_lost_its_answer_finds_the_resource_by_the_keys_id()
    {
        var client = factory.CreateAdminClient();
        var adminId = (await (await client.GetAsync("/api/me")).Json())["user"]!.AsObject().Id();
        var key = Guid.NewGuid().ToString();
        // The first attempt's write committed on a silo that died before the answer (and before the key's record): here
        // the project is created directly under the id the key derives, and no response was remembered.
        var derived = ResourceIds.From(SHA256.HashData(Encoding.UTF8.GetBytes($"resource\n{adminId}\n{key}")).AsSpan(0, 16));
        var grains = factory.Services.GetRequiredService<IGrainFactory>();
        Assert.True((await grains.GetGrain<IProjectGrain>(derived).Create(new ProjectInput("Lost answer", null, null, null, null), adminId)).IsSuccess);

        var retry = await client.SendAsync(Post("/api/projects", """{"name":"Lost answer"}""", key));

        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(derived, (await retry.Json()).Id());
    }

    [Fact]
    public async Task A_grain_call_past_the_edge_deadline_is_503_with_Retry_After()
    {
        await using var impatient = ApiFactory.With(new Dictionary<string, string>
        {
            ["Conference:Edge:CallTimeout"] = "00:00:00.000001",
            ["Conference:Edge:RetryAfter"] = "00:00:07",
        });
        var response = await impatient.CreateClient().PostJson("/api/auth/register",
            $$"""{"name":"Late","email":"{{HttpJson.UniqueEmail("late")}}","password":"{{ApiFactory.Password}}"}""");

        await response.Problem(503);
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, (await impatient.CreateClient().GetAsync("/healthz")).StatusCode);
    }
}

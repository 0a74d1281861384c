using System.Net;
using Conference.Server.Tests.Support;

namespace Conference.Server.Tests.Webhooks;

/// <summary>Managing a project's webhooks: validation naming the field, write-only secrets, 404 across projects, ETags.</summary>
public sealed class WebhooksApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _admin = factory.CreateAdminClient();

    private async Task<string> NewProject() => (await _admin.Create("/api/projects", """{"name":"Integrations"}""")).Id();

    [Theory]
    [InlineData("""{"url":"ftp://example.com/hook","secret":"0123456789abcdef","events":["task.created"]}""", "url")]
    [InlineData("""{"url":"/relative/hook","secret":"0123456789abcdef","events":["task.created"]}""", "url")]
    [InlineData("""{"url":"https://user:pw@example.com/hook","secret":"0123456789abcdef","events":["task.created"]}""", "url")]
    [InlineData("""{"secret":"0123456789abcdef","events":["task.created"]}""", "url")]
    [InlineData("""{"url":"https://example.com/hook","events":["task.created"]}""", "secret")]
    [InlineData("""{"url":"https://example.com/hook","secret":"short","events":["task.created"]}""", "secret")]
    [InlineData("""{"url":"https://example.com/hook","secret":"0123456789abcdef","events":["task.exploded"]}""", "events")]
    [InlineData("""{"url":"https://example.com/hook","secret":"0123456789abcdef","events":[]}""", "events")]
    [InlineData("""{"url":"https://example.com/hook","secret":"0123456789abcdef"}""", "events")]
    [InlineData("""{"url":"https://example.com/hook","secret":"0123456789abcdef","events":["task.created"],"active":true}""", "active")]
    [InlineData("""{"url":"https://example.com/hook","secret":"0123456789abcdef","events":"task.created"}""", "events")]
    public async Task Bad_input_is_400_naming_the_field(string body, string field)
    {
        var projectId = await NewProject();

        var problem = await (await _admin.PostJson($"/api/projects/{projectId}/webhooks", body)).Problem(400);

        Assert.Contains(field, problem.ErrorFields());
    }

    [Fact]
    public async Task Every_bad_field_is_named_at_once()
    {
        var projectId = await NewProject();

        var problem = await (await _admin.PostJson($"/api/projects/{projectId}/webhooks", """{"url":"nope","events":["nope"]}""")).Problem(400);

        Assert.Equal(["events", "secret", "url"], problem.ErrorFields());
    }

    [Fact]
    public async Task A_webhook_is_created_listed_read_and_deleted_and_its_secret_is_never_returned()
    {
        var projectId = await NewProject();

        var response = await _admin.PostJson($"/api/projects/{projectId}/webhooks",
            WebhookRequests.Body("https://hooks.example.com/conference", "task.updated", "task.created", "task.created"));
        var created = await response.Json();
        var id = created.Id();
        var read = await _admin.GetAsync($"/api/projects/{projectId}/webhooks/{id}");
        var list = await (await _admin.GetAsync($"/api/projects/{projectId}/webhooks?limit=1")).Json();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/projects/{projectId}/webhooks/{id}", response.Headers.Location!.OriginalString);
        Assert.Equal(["task.created", "task.updated"], created["events"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.Equal("https://hooks.example.com/conference", created["url"]!.GetValue<string>());
        foreach (var body in new[] { await response.Content.ReadAsStringAsync(), await read.Content.ReadAsStringAsync(), list.ToJsonString() })
            Assert.DoesNotContain(WebhookRequests.Secret, body);
        Assert.False(created.ContainsKey("secret"));
        Assert.Equal(response.ETag(), read.ETag());
        Assert.Equal(id, list["items"]!.AsArray().Single()!.AsObject().Id());
        Assert.Empty((await (await _admin.GetAsync($"/api/projects/{projectId}/webhooks/{id}/deliveries")).Json())["items"]!.AsArray());

        Assert.Equal(HttpStatusCode.PreconditionFailed, (await _admin.Delete($"/api/projects/{projectId}/webhooks/{id}", "\"7\"")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _admin.Delete($"/api/projects/{projectId}/webhooks/{id}", read.ETag())).StatusCode);
        await (await _admin.GetAsync($"/api/projects/{projectId}/webhooks/{id}")).Problem(404);
        await (await _admin.GetAsync($"/api/projects/{projectId}/webhooks/{id}/deliveries")).Problem(404);
    }

    [Fact]
    public async Task Another_projects_webhook_is_404_under_this_one()
    {
        var mine = await NewProject();
        var theirs = await NewProject();
        var id = await _admin.NewWebhook(theirs);

        await (await _admin.GetAsync($"/api/projects/{mine}/webhooks/{id}")).Problem(404);
        await (await _admin.GetAsync($"/api/projects/{mine}/webhooks/{id}/deliveries")).Problem(404);
        await (await _admin.Delete($"/api/projects/{mine}/webhooks/{id}")).Problem(404);
        Assert.Empty((await (await _admin.GetAsync($"/api/projects/{mine}/webhooks")).Json())["items"]!.AsArray());
        Assert.Equal(HttpStatusCode.OK, (await _admin.GetAsync($"/api/projects/{theirs}/webhooks/{id}")).StatusCode);
    }

    [Fact]
    public async Task Project_owners_manage_webhooks_members_may_not_and_outsiders_do_not_see_the_project()
    {
        var (memberId, member) = await factory.CreateUserClient("member");
        var (_, outsider) = await factory.CreateUserClient("member");
        var owned = (await member.Create("/api/projects", """{"name":"Mine"}""")).Id();
        var joined = await NewProject();
        await _admin.Create($"/api/projects/{joined}/members", $$"""{"userId":"{{memberId}}"}""");

        Assert.Equal(HttpStatusCode.Created, (await member.PostJson($"/api/projects/{owned}/webhooks", WebhookRequests.Body("https://example.com/h", "task.created"))).StatusCode);
        await (await member.PostJson($"/api/projects/{joined}/webhooks", WebhookRequests.Body("https://example.com/h", "task.created"))).Problem(403);
        await (await member.GetAsync($"/api/projects/{joined}/webhooks")).Problem(403);
        await (await outsider.GetAsync($"/api/projects/{owned}/webhooks")).Problem(404);
    }

    [Fact]
    public async Task By_default_deliveries_never_reach_loopback_or_private_addresses()
    {
        await using var receiver = await WebhookReceiver.Start();
        var projectId = await NewProject();
        var id = (await _admin.Create($"/api/projects/{projectId}/webhooks", WebhookRequests.Body($"{receiver.BaseUrl}/internal", "task.created"))).Id();

        await _admin.Create($"/api/projects/{projectId}/tasks", """{"name":"Probe"}""");

        var delivery = (await _admin.DeliveriesWhen(projectId, id, items => items is [{ } d] && d["attempts"]!.GetValue<int>() == 1)).Single();
        Assert.Contains("may only reach public addresses", delivery["lastError"]!.GetValue<string>());
        Assert.Equal("pending", delivery["status"]!.GetValue<string>());
        Assert.Null(delivery["lastStatusCode"]);
        Assert.False(receiver.Received.Reader.TryRead(out _));
    }

    [Fact]
    public async Task Bad_paging_parameters_are_400()
    {
        var projectId = await NewProject();
        var id = await _admin.NewWebhook(projectId);

        Assert.Contains("cursor", (await (await _admin.GetAsync($"/api/projects/{projectId}/webhooks?cursor=zz!")).Problem(400)).ErrorFields());
        Assert.Contains("limit", (await (await _admin.GetAsync($"/api/projects/{projectId}/webhooks/{id}/deliveries?limit=0")).Problem(400)).ErrorFields());
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Conference.Server.Tests.Support;

namespace Conference.Server.Tests.Planning;

public sealed class CollaborationApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _admin = factory.CreateAdminClient();

    private async Task<(string ProjectId, string AliceId, HttpClient Alice, string BobId, HttpClient Bob)> Team()
    {
        var projectId = (await _admin.Create("/api/projects", """{"name":"Team"}""")).Id();
        var (aliceId, alice) = await factory.CreateUserClient("member");
        var (bobId, bob) = await factory.CreateUserClient("member");
        await _admin.Create($"/api/projects/{projectId}/members", $$"""{"userId":"{{aliceId}}"}""");
        await _admin.Create($"/api/projects/{projectId}/members", $$"""{"userId":"{{bobId}}"}""");
        return (projectId, aliceId, alice, bobId, bob);
    }

    private static async Task<JsonArray> Items(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Json())["items"]!.AsArray();
    }

    [Fact]
    public async Task Task_history_records_who_changed_which_field_from_what_to_what()
    {
        var (projectId, aliceId, alice, _, _) = await Team();
        var task = await alice.Create($"/api/projects/{projectId}/tasks", """{"name":"Track","priority":"low"}""");
        await alice.PutJson($"/api/tasks/{task.Id()}", """{"name":"Track","priority":"urgent"}""");

        var history = await Items(alice, $"/api/tasks/{task.Id()}/history");
        var activity = await Items(alice, $"/api/projects/{projectId}/activity");

        Assert.Equal("created", history[0]!["action"]!.GetValue<string>());
        var change = history[^1]!;
        Assert.Equal(("updated", "priority", "low", "urgent", aliceId),
            (change["action"]!.GetValue<string>(), change["field"]!.GetValue<string>(), change["from"]!.GetValue<string>(),
                change["to"]!.GetValue<string>(), change["actorId"]!.GetValue<string>()));
        Assert.Contains(activity, e => e!["subject"]!.GetValue<string>() == "project" && e["field"]?.GetValue<string>() == "members");
        Assert.Contains(activity, e => e!["subjectId"]!.GetValue<string>() == task.Id());
        Assert.Equal(["limit"], (await (await alice.GetAsync($"/api/tasks/{task.Id()}/history?limit=0")).Problem(400)).ErrorFields());
    }

    [Fact]
    public async Task Assignment_comments_and_mentions_reach_the_right_inboxes()
    {
        var (projectId, aliceId, alice, bobId, bob) = await Team();
        var (outsiderId, _) = await factory.CreateUserClient("member");
        var task = await alice.Create($"/api/projects/{projectId}/tasks", $$"""{"name":"Pair","assignee":"{{bobId}}"}""");

        await bob.Create($"/api/tasks/{task.Id()}/comments", $$"""{"text":"On it, @{{aliceId}} — cc @{{outsiderId}}"}""");

        var bobInbox = await Items(bob, "/api/notifications");
        var aliceInbox = await Items(alice, "/api/notifications");
        Assert.Equal(["assigned"], bobInbox.Select(n => n!["kind"]!.GetValue<string>()));
        Assert.Equal(["mention"], aliceInbox.Select(n => n!["kind"]!.GetValue<string>()));
        Assert.Empty(await Items(factory.CreateAdminClient(), "/api/notifications?unread=true"));
        var watchers = (await alice.GetFromJsonAsync<JsonArray>($"/api/tasks/{task.Id()}/watchers"))!;
        Assert.Equal([aliceId, bobId], watchers.Select(w => w!.GetValue<string>()));
    }

    [Fact]
    public async Task Watchers_hear_of_changes_and_notifications_can_be_marked_read()
    {
        var (projectId, _, alice, _, bob) = await Team();
        var task = await alice.Create($"/api/projects/{projectId}/tasks", """{"name":"Watch me"}""");
        Assert.Equal(HttpStatusCode.OK, (await bob.PostAsync($"/api/tasks/{task.Id()}/watchers", null)).StatusCode);

        await alice.PutJson($"/api/tasks/{task.Id()}", """{"name":"Watch me","status":"done"}""");
        var unread = await Items(bob, "/api/notifications?unread=true");
        var id = unread.Single()!["id"]!.GetValue<string>();
        var marked = await bob.SendAsync(new HttpRequestMessage(HttpMethod.Patch, $"/api/notifications/{id}")
            { Content = new StringContent("""{"read":true}""", Encoding.UTF8, "application/merge-patch+json") });

        Assert.Equal(HttpStatusCode.OK, marked.StatusCode);
        Assert.True((await marked.Json())["read"]!.GetValue<bool>());
        Assert.Empty(await Items(bob, "/api/notifications?unread=true"));
        Assert.Equal(["unread"], (await (await bob.GetAsync("/api/notifications?unread=maybe")).Problem(400)).ErrorFields());

        Assert.Equal(HttpStatusCode.NoContent, (await bob.Delete($"/api/tasks/{task.Id()}/watchers")).StatusCode);
        await alice.PutJson($"/api/tasks/{task.Id()}", """{"name":"Watch me","status":"todo"}""");
        Assert.Empty(await Items(bob, "/api/notifications?unread=true"));
    }

    [Fact]
    public async Task Marking_all_read_answers_how_many_changed_and_bad_marks_are_400()
    {
        var (projectId, _, alice, bobId, bob) = await Team();
        await alice.Create($"/api/projects/{projectId}/tasks", $$"""{"name":"One","assignee":"{{bobId}}"}""");
        await alice.Create($"/api/projects/{projectId}/tasks", $$"""{"name":"Two","assignee":"{{bobId}}"}""");

        var all = await bob.PostAsync("/api/notifications/read-all", null);
        var missingRead = await bob.SendAsync(new HttpRequestMessage(HttpMethod.Patch, "/api/notifications/x")
            { Content = new StringContent("{}", Encoding.UTF8, "application/json") });
        var wrongType = await bob.SendAsync(new HttpRequestMessage(HttpMethod.Patch, "/api/notifications/x")
            { Content = new StringContent("""{"read":"yes"}""", Encoding.UTF8, "application/json") });

        Assert.Equal(2, (await all.Json())["updated"]!.GetValue<int>());
        Assert.Equal(["read"], (await missingRead.Problem(400)).ErrorFields());
        Assert.Equal(["read"], (await wrongType.Problem(400)).ErrorFields());
    }
}

using System.Net;
using System.Text.Json.Nodes;
using Conference.Server.Tests.Support;

namespace Conference.Server.Tests.Planning;

public sealed class CommentsApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _admin = factory.CreateAdminClient();

    /// <summary>A project with a task, and two members (not owners) with their clients.</summary>
    private async Task<(string TaskId, HttpClient Alice, HttpClient Bob, string ProjectId)> Arrange()
    {
        var projectId = (await _admin.Create("/api/projects", """{"name":"Talk"}""")).Id();
        var taskId = (await _admin.Create($"/api/projects/{projectId}/tasks", """{"name":"Discuss"}""")).Id();
        var (aliceId, alice) = await factory.CreateUserClient("member");
        var (bobId, bob) = await factory.CreateUserClient("member");
        await _admin.Create($"/api/projects/{projectId}/members", $$"""{"userId":"{{aliceId}}"}""");
        await _admin.Create($"/api/projects/{projectId}/members", $$"""{"userId":"{{bobId}}"}""");
        return (taskId, alice, bob, projectId);
    }

    [Fact]
    public async Task Members_comment_in_markdown_and_authors_edit_their_own()
    {
        var (taskId, alice, bob, _) = await Arrange();
        var created = await alice.PostJson($"/api/tasks/{taskId}/comments", """{"text":"**Looks good** to me"}""");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var comment = await created.Json();
        var url = created.Headers.Location!.OriginalString;

        var edited = await alice.PutJson(url, """{"text":"Looks *great*"}""", created.ETag());
        var byBob = await bob.PutJson(url, """{"text":"mine now"}""");
        var stale = await alice.PutJson(url, """{"text":"again"}""", created.ETag());

        Assert.Equal($"/api/tasks/{taskId}/comments/{comment.Id()}", url);
        Assert.Equal("**Looks good** to me", comment["text"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Equal("\"2\"", edited.ETag());
        await byBob.Problem(403);
        await stale.Problem(412);
        Assert.Equal("Looks *great*", (await (await bob.GetAsync(url)).Json())["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Authors_and_moderators_delete_but_other_members_cannot()
    {
        var (taskId, alice, bob, _) = await Arrange();
        var first = await alice.Create($"/api/tasks/{taskId}/comments", """{"text":"one"}""");
        var second = await alice.Create($"/api/tasks/{taskId}/comments", """{"text":"two"}""");

        var byBob = await bob.Delete($"/api/tasks/{taskId}/comments/{first.Id()}");
        var byAuthor = await alice.Delete($"/api/tasks/{taskId}/comments/{first.Id()}");
        var byAdmin = await _admin.Delete($"/api/tasks/{taskId}/comments/{second.Id()}");

        await byBob.Problem(403);
        Assert.Equal(HttpStatusCode.NoContent, byAuthor.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, byAdmin.StatusCode);
        Assert.Empty((await (await alice.GetAsync($"/api/tasks/{taskId}/comments")).Json())["items"]!.AsArray());
    }

    [Fact]
    public async Task Comments_page_in_order_with_a_cursor()
    {
        var (taskId, alice, _, _) = await Arrange();
        for (var i = 0; i < 3; i++) await alice.Create($"/api/tasks/{taskId}/comments", $$"""{"text":"c{{i}}"}""");

        var first = await (await alice.GetAsync($"/api/tasks/{taskId}/comments?limit=2")).Json();
        var second = await (await alice.GetAsync($"/api/tasks/{taskId}/comments?limit=2&cursor={first["nextCursor"]}")).Json();
        var bad = await alice.GetAsync($"/api/tasks/{taskId}/comments?cursor=garbage!");

        Assert.Equal(["c0", "c1"], first["items"]!.AsArray().Select(c => c!["text"]!.GetValue<string>()));
        Assert.Equal(["c2"], second["items"]!.AsArray().Select(c => c!["text"]!.GetValue<string>()));
        Assert.Null(second["nextCursor"]);
        Assert.Equal(["cursor"], (await bad.Problem(400)).ErrorFields());
    }

    [Fact]
    public async Task Bad_comments_are_400_or_404()
    {
        var (taskId, alice, _, _) = await Arrange();

        Assert.Equal(["text"], (await (await alice.PostJson($"/api/tasks/{taskId}/comments", """{"text":"   "}""")).Problem(400)).ErrorFields());
        Assert.Equal(["text"], (await (await alice.PostJson($"/api/tasks/{taskId}/comments", """{"text":1}""")).Problem(400)).ErrorFields());
        Assert.Equal(["author"], (await (await alice.PostJson($"/api/tasks/{taskId}/comments", """{"text":"x","author":"me"}""")).Problem(400)).ErrorFields());
        await (await alice.PostJson("/api/tasks/nosuchtask/comments", """{"text":"x"}""")).Problem(404);
        await (await alice.GetAsync($"/api/tasks/{taskId}/comments/nosuchcomment")).Problem(404);
        await (await alice.Delete($"/api/tasks/{taskId}/comments/nosuchcomment")).Problem(404);
    }

    [Fact]
    public async Task Deleting_the_task_deletes_its_comments()
    {
        var (taskId, alice, _, _) = await Arrange();
        await alice.Create($"/api/tasks/{taskId}/comments", """{"text":"bye"}""");

        await _admin.Delete($"/api/tasks/{taskId}");

        await (await alice.GetAsync($"/api/tasks/{taskId}/comments")).Problem(404);
    }
}

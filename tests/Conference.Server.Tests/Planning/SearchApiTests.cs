using System.Net;
using System.Text.Json.Nodes;
using Conference.Server.Tests.Support;

namespace Conference.Server.Tests.Planning;

public sealed class SearchApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _admin = factory.CreateAdminClient();

    /// <summary>A word no other test uses, so results are this test's tasks only.</summary>
    private static string Word() => "w" + Guid.NewGuid().ToString("N")[..12];

    private async Task<(string ProjectId, string UserId, HttpClient Client)> ProjectWithMember()
    {
        var projectId = (await _admin.Create("/api/projects", """{"name":"Searchable"}""")).Id();
        var (userId, client) = await factory.CreateUserClient("member");
        await _admin.Create($"/api/projects/{projectId}/members", $$"""{"userId":"{{userId}}"}""");
        return (projectId, userId, client);
    }

    private async Task<string> NewTask(string projectId, string json) => (await _admin.Create($"/api/projects/{projectId}/tasks", json)).Id();

    private static async Task<JsonObject> Search(HttpClient client, string query)
    {
        var response = await client.GetAsync($"/api/search?{query}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Json();
    }

    private static async Task<List<string>> Ids(HttpClient client, string query) =>
        (await Search(client, query))["items"]!.AsArray().Select(t => t!["id"]!.GetValue<string>()).ToList();

    [Fact]
    public async Task A_member_finds_tasks_of_their_projects_only_by_name_description_or_comment()
    {
        var word = Word();
        var (alpha, _, alice) = await ProjectWithMember();
        var (beta, _, bob) = await ProjectWithMember();
        var mine = await NewTask(alpha, $$"""{"name":"Alpha {{word}}","description":"shared notes"}""");
        var theirs = await NewTask(beta, $$"""{"name":"Beta {{word}}"}""");
        await _admin.Create($"/api/tasks/{theirs}/comments", """{"text":"secret roadmap"}""");

        Assert.Equal([mine], await Ids(alice, $"q={word}"));
        Assert.Equal([mine], await Ids(alice, $"q=SHARED+{word.ToUpperInvariant()[..8]}"));
        Assert.Empty(await Ids(alice, "q=secret roadmap"));
        Assert.Equal([theirs], await Ids(bob, $"q={word}+secret+road"));
        Assert.Equal(new[] { mine, theirs }.Order(), (await Ids(_admin, $"q={word}")).Order());
        var task = (await Search(alice, $"q={word}"))["items"]![0]!;
        Assert.Equal(("Alpha " + word, alpha), (task["name"]!.GetValue<string>(), task["projectId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Filters_narrow_the_results()
    {
        var word = Word();
        var (projectId, userId, _) = await ProjectWithMember();
        var milestoneId = (await _admin.Create($"/api/projects/{projectId}/milestones", """{"name":"M1"}""")).Id();
        var match = await NewTask(projectId, $$"""
            {"name":"{{word}} crash","status":"done","type":"bug","assignee":"{{userId}}","labels":["UI"],
             "milestoneId":"{{milestoneId}}","dueDate":"2026-01-10"}
            """);
        var other = await NewTask(projectId, $$"""{"name":"{{word}} idea"}""");

        foreach (var filter in new[] { "status=done", $"assignee={userId}", "label=ui", "type=bug", $"milestone={milestoneId}", "dueBefore=2026-01-11" })
            Assert.Equal([match], await Ids(_admin, $"q={word}&{filter}"));
        Assert.Empty(await Ids(_admin, $"q={word}&dueBefore=2026-01-10"));
        Assert.Equal([other], await Ids(_admin, $"q={word}&status=todo"));
    }

    [Fact]
    public async Task Paging_walks_every_match_once_across_projects_and_totals_on_request()
    {
        var word = Word();
        var (first, _, _) = await ProjectWithMember();
        var (second, _, _) = await ProjectWithMember();
        var expected = new List<string>();
        for (var i = 0; i < 7; i++) expected.Add(await NewTask(i % 2 == 0 ? first : second, $$"""{"name":"{{word}} {{i}}"}"""));

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await Search(_admin, $"q={word}&limit=3&includeTotal=true" + (cursor is null ? "" : $"&cursor={cursor}"));
            Assert.Equal(7, page["total"]!.GetValue<int>());
            seen.AddRange(page["items"]!.AsArray().Select(t => t!["id"]!.GetValue<string>()));
            cursor = page["nextCursor"]?.GetValue<string>();
            pages++;
        } while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(expected.Order(), seen.Order());
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.False((await Search(_admin, $"q={word}")).ContainsKey("total"));
    }

    [Theory]
    [InlineData("", "q")]
    [InlineData("q=", "q")]
    [InlineData("q=%21%21", "q")]
    [InlineData("q=x&status=open", "status")]
    [InlineData("q=x&type=chore", "type")]
    [InlineData("q=x&assignee=no%20body", "assignee")]
    [InlineData("q=x&milestone=%21", "milestone")]
    [InlineData("q=x&dueBefore=tomorrow", "dueBefore")]
    [InlineData("q=x&cursor=garbage", "cursor")]
    [InlineData("q=x&limit=0", "limit")]
    [InlineData("q=x&includeTotal=yes", "includeTotal")]
    public async Task Bad_input_is_400_naming_the_parameter(string query, string field)
    {
        var response = await _admin.GetAsync($"/api/search?{query}");

        Assert.Equal([field], (await response.Problem(400)).ErrorFields());
    }

    [Fact]
    public async Task A_query_over_200_characters_is_400()
    {
        var response = await _admin.GetAsync($"/api/search?q={new string('a', 201)}");

        Assert.Equal(["q"], (await response.Problem(400)).ErrorFields());
    }
}

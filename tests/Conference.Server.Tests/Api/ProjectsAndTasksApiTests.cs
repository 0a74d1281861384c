using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Conference.Server.Tests.Support;

namespace Conference.Server.Tests.Api;

public sealed class ProjectsAndTasksApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.CreateAdminClient();

    private Task<JsonObject> NewProject(string status = "active") =>
        _client.Create("/api/projects", $$"""{"name":"Apollo","description":"moon","status":"{{status}}","startDate":"2026-01-01","endDate":"2026-12-31"}""");

    [Fact]
    public async Task Project_fields_round_trip_with_iso_dates_and_snake_case_status()
    {
        var project = await NewProject("on_hold");

        var read = await (await _client.GetAsync($"/api/projects/{project.Id()}")).Json();

        Assert.Equal("on_hold", read["status"]!.GetValue<string>());
        Assert.Equal("2026-01-01", read["startDate"]!.GetValue<string>());
        Assert.Equal("2026-12-31", read["endDate"]!.GetValue<string>());
        Assert.Equal("moon", read["description"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"name":"P","status":"paused"}""", "status")]
    [InlineData("""{"name":"P","startDate":"2026-13-01"}""", "startDate")]
    [InlineData("""{"name":"P","startDate":"2026-05-02","endDate":"2026-05-01"}""", "endDate")]
    [InlineData("""{"name":"P","startDate":20260101}""", "startDate")]
    [InlineData("""{"description":"no name"}""", "name")]
    [InlineData("""{"name":"P","owner":"me"}""", "owner")]
    public async Task Bad_project_fields_are_400_naming_the_field(string body, string field)
    {
        var response = await _client.PostJson("/api/projects", body);

        Assert.Contains(field, (await response.Problem(400)).ErrorFields());
    }

    [Fact]
    public async Task Every_mistyped_or_unknown_field_is_named_in_one_answer()
    {
        var response = await _client.PostJson("/api/projects", """{"name":7,"status":"paused","startDate":"yesterday","colour":"red"}""");

        Assert.Equal(["colour", "name", "startDate", "status"], (await response.Problem(400)).ErrorFields());
    }

    [Fact]
    public async Task Over_long_strings_are_400_naming_each_field()
    {
        var body = new JsonObject { ["name"] = new string('n', 201), ["description"] = new string('d', 20_001) }.ToJsonString();

        var response = await _client.PostJson("/api/projects", body);

        Assert.Equal(["description", "name"], (await response.Problem(400)).ErrorFields());
    }

    [Fact]
    public async Task Malformed_json_is_400_wrong_content_type_415_and_huge_bodies_413()
    {
        var malformed = await _client.PostJson("/api/projects", """{"name": "P",""");
        var text = await _client.PostAsync("/api/projects", new StringContent("""{"name":"P"}""", Encoding.UTF8, "text/plain"));
        var huge = await _client.PostJson("/api/projects", $$"""{"name":"P","description":"{{new string('x', 1_100_000)}}"}""");

        await malformed.Problem(400);
        await text.Problem(415);
        await huge.Problem(413);
    }

    [Fact]
    public async Task Stale_if_match_is_412_and_racing_puts_give_exactly_one_success()
    {
        var project = await NewProject();
        var url = $"/api/projects/{project.Id()}";

        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
            _client.PutJson(url, $$"""{"name":"Racer {{i}}","status":"active"}""", "\"1\"")));
        var stale = await _client.Delete(url, "\"1\"");

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(29, responses.Count(r => r.StatusCode == HttpStatusCode.PreconditionFailed));
        await stale.Problem(412);
        Assert.Equal("\"2\"", (await _client.GetAsync(url)).ETag());
    }

    [Fact]
    public async Task Tasks_are_created_under_a_project_and_filtered()
    {
        var projectId = (await NewProject()).Id();
        var userId = (await _client.Create("/api/users", $$"""{"name":"Dev","email":"{{HttpJson.UniqueEmail("dev")}}"}""")).Id();
        var tasksUrl = $"/api/projects/{projectId}/tasks";

        var mine = await _client.PostJson(tasksUrl, $$"""{"name":"Mine","assignee":"{{userId}}","priority":"urgent","status":"in_progress","dueDate":"2026-03-01"}""");
        var later = await _client.Create(tasksUrl, """{"name":"Later","dueDate":"2026-09-01"}""");
        var mineJson = await mine.Json();

        Assert.Equal(HttpStatusCode.Created, mine.StatusCode);
        Assert.Equal($"/api/tasks/{mineJson.Id()}", mine.Headers.Location!.OriginalString);
        Assert.Equal(projectId, mineJson["projectId"]!.GetValue<string>());
        Assert.Equal("medium", later["priority"]!.GetValue<string>());
        Assert.Equal("todo", later["status"]!.GetValue<string>());
        Assert.Null(later["assignee"]);
        Assert.Equal([mineJson.Id()], await Ids($"{tasksUrl}?assignee={userId}"));
        Assert.Equal([mineJson.Id()], await Ids($"{tasksUrl}?priority=urgent"));
        Assert.Equal([mineJson.Id()], await Ids($"{tasksUrl}?status=in_progress"));
        Assert.Equal([mineJson.Id()], await Ids($"{tasksUrl}?dueBefore=2026-06-01"));
        Assert.Equal([mineJson.Id(), later.Id()], await Ids(tasksUrl));
    }

    [Fact]
    public async Task Unknown_assignee_or_project_is_refused()
    {
        var projectId = (await NewProject()).Id();

        var badAssignee = await _client.PostJson($"/api/projects/{projectId}/tasks", """{"name":"x","assignee":"nosuchuser"}""");
        var noProject = await _client.PostJson("/api/projects/nosuchproject/tasks", """{"name":"x"}""");
        var noProjectList = await _client.GetAsync("/api/projects/nosuchproject/tasks");

        Assert.Equal(["assignee"], (await badAssignee.Problem(400)).ErrorFields());
        await noProject.Problem(404);
        await noProjectList.Problem(404);
    }

    [Fact]
    public async Task Paging_walks_every_item_once_with_an_opaque_cursor()
    {
        var projectId = (await NewProject()).Id();
        var created = new List<string>();
        for (var i = 0; i < 7; i++)
            created.Add((await _client.Create($"/api/projects/{projectId}/tasks", $$"""{"name":"T{{i}}"}""")).Id());

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await (await _client.GetAsync($"/api/projects/{projectId}/tasks?limit=3" + (cursor is null ? "" : $"&cursor={cursor}"))).Json();
            seen.AddRange(page["items"]!.AsArray().Select(i => i!.AsObject().Id()));
            cursor = page["nextCursor"]?.GetValue<string>();
            pages++;
        } while (cursor is not null);

        Assert.Equal(created, seen);
        Assert.Equal(3, pages);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=201", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("cursor=%21%21", "cursor")]
    [InlineData("status=sleeping", "status")]
    [InlineData("priority=asap", "priority")]
    [InlineData("dueBefore=tomorrow", "dueBefore")]
    public async Task Bad_list_parameters_are_400_naming_the_parameter(string query, string field)
    {
        var projectId = (await NewProject()).Id();

        var response = await _client.GetAsync($"/api/projects/{projectId}/tasks?{query}");

        Assert.Equal([field], (await response.Problem(400)).ErrorFields());
    }

    [Fact]
    public async Task Deleting_a_project_deletes_its_tasks_and_deleting_a_user_unassigns_them()
    {
        var projectId = (await NewProject()).Id();
        var userId = (await _client.Create("/api/users", $$"""{"name":"Gone","email":"{{HttpJson.UniqueEmail("gone")}}"}""")).Id();
        var other = (await NewProject()).Id();
        var assigned = (await _client.Create($"/api/projects/{other}/tasks", $$"""{"name":"A","assignee":"{{userId}}"}""")).Id();
        var doomed = (await _client.Create($"/api/projects/{projectId}/tasks", """{"name":"D"}""")).Id();

        Assert.Equal(HttpStatusCode.NoContent, (await _client.Delete($"/api/users/{userId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _client.Delete($"/api/projects/{projectId}")).StatusCode);

        Assert.Null((await (await _client.GetAsync($"/api/tasks/{assigned}")).Json())["assignee"]);
        await (await _client.GetAsync($"/api/tasks/{doomed}")).Problem(404);
        await (await _client.GetAsync($"/api/projects/{projectId}")).Problem(404);
    }

    [Fact]
    public async Task Task_put_and_delete_honour_if_match()
    {
        var projectId = (await NewProject()).Id();
        var task = await _client.Create($"/api/projects/{projectId}/tasks", """{"name":"Edit me"}""");
        var url = $"/api/tasks/{task.Id()}";

        var put = await _client.PutJson(url, """{"name":"Edited","status":"done"}""", "\"1\"");
        var stalePut = await _client.PutJson(url, """{"name":"Again"}""", "\"1\"");
        var garbageMatch = await _client.Delete(url, "not-an-etag");
        var delete = await _client.Delete(url, "\"2\"");

        Assert.Equal("done", (await put.Json())["status"]!.GetValue<string>());
        await stalePut.Problem(412);
        await garbageMatch.Problem(412);
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        await (await _client.GetAsync(url)).Problem(404);
    }

    private async Task<List<string>> Ids(string url)
    {
        var response = await _client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Json())["items"]!.AsArray().Select(i => i!.AsObject().Id()).ToList();
    }
}

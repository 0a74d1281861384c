using System.Net;
using System.Text.Json.Nodes;
using Conference.Server.Tests.Support;

namespace Conference.Server.Tests.Planning;

public sealed class MilestonesApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.CreateAdminClient();

    private async Task<string> NewProject() => (await _client.Create("/api/projects", """{"name":"Roadmapped"}""")).Id();

    [Fact]
    public async Task A_milestone_is_created_read_replaced_and_deleted_with_etags()
    {
        var projectId = await NewProject();
        var created = await _client.PostJson($"/api/projects/{projectId}/milestones",
            """{"name":"Beta","description":"first users","startDate":"2026-03-01","dueDate":"2026-04-01","status":"active"}""");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var milestone = await created.Json();
        Assert.Equal($"/api/milestones/{milestone.Id()}", created.Headers.Location!.OriginalString);
        Assert.Equal(projectId, milestone["projectId"]!.GetValue<string>());

        var replaced = await _client.PutJson($"/api/milestones/{milestone.Id()}", """{"name":"Beta 2","dueDate":"2026-05-01"}""", created.ETag());
        var stale = await _client.PutJson($"/api/milestones/{milestone.Id()}", """{"name":"Beta 3"}""", created.ETag());
        var read = await _client.GetAsync($"/api/milestones/{milestone.Id()}");

        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        await stale.Problem(412);
        var json = await read.Json();
        Assert.Equal("Beta 2", json["name"]!.GetValue<string>());
        Assert.Equal("active", json["status"]!.GetValue<string>());
        Assert.Null(json["startDate"]);
        Assert.Equal("\"2\"", read.ETag());

        Assert.Equal(HttpStatusCode.NoContent, (await _client.Delete($"/api/milestones/{milestone.Id()}", "\"2\"")).StatusCode);
        await (await _client.GetAsync($"/api/milestones/{milestone.Id()}")).Problem(404);
    }

    [Theory]
    [InlineData("""{"description":"no name"}""", "name")]
    [InlineData("""{"name":"M","status":"someday"}""", "status")]
    [InlineData("""{"name":"M","dueDate":"tomorrow"}""", "dueDate")]
    [InlineData("""{"name":"M","startDate":"2026-05-02","dueDate":"2026-05-01"}""", "dueDate")]
    [InlineData("""{"name":"M","owner":"me"}""", "owner")]
    public async Task Bad_milestone_fields_are_400_naming_the_field(string body, string field)
    {
        var response = await _client.PostJson($"/api/projects/{await NewProject()}/milestones", body);

        Assert.Equal([field], (await response.Problem(400)).ErrorFields());
    }

    [Fact]
    public async Task Milestones_page_with_a_cursor_and_filter_by_status()
    {
        var projectId = await NewProject();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
            ids.Add((await _client.Create($"/api/projects/{projectId}/milestones", $$"""{"name":"M{{i}}","status":"{{(i == 1 ? "completed" : "planned")}}"}""")).Id());

        var first = await (await _client.GetAsync($"/api/projects/{projectId}/milestones?limit=2")).Json();
        var second = await (await _client.GetAsync($"/api/projects/{projectId}/milestones?limit=2&cursor={first["nextCursor"]}")).Json();
        var completed = await (await _client.GetAsync($"/api/projects/{projectId}/milestones?status=completed")).Json();
        var bad = await _client.GetAsync($"/api/projects/{projectId}/milestones?status=late&limit=0");

        Assert.Equal(ids.Take(2), first["items"]!.AsArray().Select(m => m!["id"]!.GetValue<string>()));
        Assert.Equal([ids[2]], second["items"]!.AsArray().Select(m => m!["id"]!.GetValue<string>()));
        Assert.Equal([ids[1]], completed["items"]!.AsArray().Select(m => m!["id"]!.GetValue<string>()));
        Assert.Equal(["limit", "status"], (await bad.Problem(400)).ErrorFields());
    }

    [Fact]
    public async Task Tasks_join_a_milestone_of_their_project_only_and_leave_it_when_it_is_deleted()
    {
        var projectId = await NewProject();
        var milestone = await _client.Create($"/api/projects/{projectId}/milestones", """{"name":"GA"}""");
        var task = await _client.Create($"/api/projects/{projectId}/tasks", $$"""{"name":"Ship","milestoneId":"{{milestone.Id()}}"}""");
        var foreign = await _client.PostJson($"/api/projects/{await NewProject()}/tasks", $$"""{"name":"X","milestoneId":"{{milestone.Id()}}"}""");
        var listed = await (await _client.GetAsync($"/api/projects/{projectId}/tasks?milestoneId={milestone.Id()}")).Json();

        await _client.Delete($"/api/milestones/{milestone.Id()}");

        Assert.Equal(["milestoneId"], (await foreign.Problem(400)).ErrorFields());
        Assert.Equal([task.Id()], listed["items"]!.AsArray().Select(t => t!["id"]!.GetValue<string>()));
        Assert.Null((await (await _client.GetAsync($"/api/tasks/{task.Id()}")).Json())["milestoneId"]);
    }

    [Fact]
    public async Task Unknown_milestones_and_projects_are_404()
    {
        await (await _client.GetAsync("/api/milestones/nosuchmilestone")).Problem(404);
        await (await _client.PutJson("/api/milestones/nosuchmilestone", """{"name":"x"}""")).Problem(404);
        await (await _client.GetAsync("/api/projects/nosuchproject/milestones")).Problem(404);
        await (await _client.PostJson("/api/projects/nosuchproject/milestones", """{"name":"x"}""")).Problem(404);
    }
}

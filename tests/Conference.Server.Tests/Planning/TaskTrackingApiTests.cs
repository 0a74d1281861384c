using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Conference.Server.Tests.Support;

namespace Conference.Server.Tests.Planning;

public sealed class TaskTrackingApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.CreateAdminClient();

    private async Task<string> NewProject() => (await _client.Create("/api/projects", """{"name":"Tracker"}""")).Id();

    private Task<JsonObject> NewTask(string projectId, string json) => _client.Create($"/api/projects/{projectId}/tasks", json);

    private Task<HttpResponseMessage> Patch(string url, string json, string? ifMatch = null, string mediaType = "application/merge-patch+json")
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, url) { Content = new StringContent(json, Encoding.UTF8, mediaType) };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return _client.SendAsync(request);
    }

    [Fact]
    public async Task A_bug_round_trips_every_tracking_field()
    {
        var projectId = await NewProject();
        var epic = await NewTask(projectId, """{"name":"Checkout","type":"epic"}""");

        var bug = await NewTask(projectId, $$"""
            {"name":"Crash on pay","type":"bug","labels":["payments","ui"],"estimate":2.5,"parentId":"{{epic.Id()}}",
             "severity":"blocker","stepsToReproduce":"1. pay","environment":"iOS 19","affectedVersion":"2.1","fixedInVersion":null}
            """);
        var read = await (await _client.GetAsync($"/api/tasks/{bug.Id()}")).Json();

        Assert.Equal("bug", read["type"]!.GetValue<string>());
        Assert.Equal(["payments", "ui"], read["labels"]!.AsArray().Select(l => l!.GetValue<string>()));
        Assert.Equal(2.5, read["estimate"]!.GetValue<double>());
        Assert.Equal(epic.Id(), read["parentId"]!.GetValue<string>());
        Assert.Equal("blocker", read["severity"]!.GetValue<string>());
        Assert.Equal("iOS 19", read["environment"]!.GetValue<string>());
        Assert.Empty(read["blockedBy"]!.AsArray());
    }

    [Fact]
    public async Task The_seed_shape_still_works_and_gets_the_new_defaults()
    {
        var task = await NewTask(await NewProject(), """{"name":"Plain"}""");

        Assert.Equal("task", task["type"]!.GetValue<string>());
        Assert.Empty(task["labels"]!.AsArray());
        Assert.Null(task["severity"]);
        Assert.Equal("todo", task["status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"name":"T","type":"saga"}""", "type")]
    [InlineData("""{"name":"T","severity":"major"}""", "severity")]
    [InlineData("""{"name":"T","type":"bug","severity":"meh"}""", "severity")]
    [InlineData("""{"name":"T","estimate":"lots"}""", "estimate")]
    [InlineData("""{"name":"T","estimate":-3}""", "estimate")]
    [InlineData("""{"name":"T","labels":"ui"}""", "labels")]
    [InlineData("""{"name":"T","parentId":"nosuchtask"}""", "parentId")]
    [InlineData("""{"name":"T","milestoneId":"nosuchmilestone"}""", "milestoneId")]
    [InlineData("""{"name":"T","blockedBy":["nosuchtask"]}""", "blockedBy")]
    public async Task Bad_tracking_fields_are_400_naming_the_field(string body, string field)
    {
        var response = await _client.PostJson($"/api/projects/{await NewProject()}/tasks", body);

        Assert.Equal([field], (await response.Problem(400)).ErrorFields());
    }

    [Fact]
    public async Task A_dependency_cycle_is_400_naming_the_cycle()
    {
        var projectId = await NewProject();
        var a = await NewTask(projectId, """{"name":"A"}""");
        var b = await NewTask(projectId, $$"""{"name":"B","blockedBy":["{{a.Id()}}"]}""");

        var blocks = await _client.GetAsync($"/api/projects/{projectId}/tasks?blockedBy={a.Id()}");
        var response = await Patch($"/api/tasks/{a.Id()}", $$"""{"blockedBy":["{{b.Id()}}"]}""");

        Assert.Equal([b.Id()], (await blocks.Json())["items"]!.AsArray().Select(t => t!["id"]!.GetValue<string>()));

        var problem = await response.Problem(400);
        Assert.Contains($"{a.Id()} → {b.Id()} → {a.Id()}", problem["errors"]!["blockedBy"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Patch_changes_only_the_fields_it_names_and_null_removes()
    {
        var projectId = await NewProject();
        var created = await _client.PostJson($"/api/projects/{projectId}/tasks",
            """{"name":"Keep me","description":"old","priority":"high","labels":["a"],"dueDate":"2026-05-01"}""");
        var task = await created.Json();

        var response = await Patch($"/api/tasks/{task.Id()}", """{"description":null,"labels":["b","c"],"status":"in_progress"}""", created.ETag());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var patched = await response.Json();
        Assert.Equal("Keep me", patched["name"]!.GetValue<string>());
        Assert.Null(patched["description"]);
        Assert.Equal("high", patched["priority"]!.GetValue<string>());
        Assert.Equal("2026-05-01", patched["dueDate"]!.GetValue<string>());
        Assert.Equal("in_progress", patched["status"]!.GetValue<string>());
        Assert.Equal(["b", "c"], patched["labels"]!.AsArray().Select(l => l!.GetValue<string>()));
        Assert.Equal("\"2\"", response.ETag());
    }

    [Fact]
    public async Task Patch_with_a_stale_etag_is_412_and_changes_nothing()
    {
        var task = await NewTask(await NewProject(), """{"name":"T"}""");
        await Patch($"/api/tasks/{task.Id()}", """{"name":"T2"}""");

        var response = await Patch($"/api/tasks/{task.Id()}", """{"name":"T3"}""", "\"1\"");

        await response.Problem(412);
        Assert.Equal("T2", (await (await _client.GetAsync($"/api/tasks/{task.Id()}")).Json())["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Patch_names_every_bad_field_and_refuses_non_json()
    {
        var task = await NewTask(await NewProject(), """{"name":"T"}""");

        var bad = await Patch($"/api/tasks/{task.Id()}", """{"name":null,"colour":"red","priority":"meh"}""");
        var notObject = await Patch($"/api/tasks/{task.Id()}", "[1]");
        var text = await Patch($"/api/tasks/{task.Id()}", "name=x", mediaType: "text/plain");
        var missing = await Patch("/api/tasks/nosuchtask", """{"name":"x"}""");
        var twice = await Patch($"/api/tasks/{task.Id()}", """{"name":"a","name":"b"}""");
        var malformed = await Patch($"/api/tasks/{task.Id()}", """{"name":""");

        Assert.Equal(["colour", "priority"], (await bad.Problem(400)).ErrorFields());
        Assert.Equal(["body"], (await notObject.Problem(400)).ErrorFields());
        await text.Problem(415);
        await missing.Problem(404);
        Assert.Equal(["name"], (await twice.Problem(400)).ErrorFields());
        Assert.Equal(["body"], (await malformed.Problem(400)).ErrorFields());
    }

    [Fact]
    public async Task Removing_the_name_by_patch_is_400_naming_it()
    {
        var task = await NewTask(await NewProject(), """{"name":"T"}""");

        var response = await Patch($"/api/tasks/{task.Id()}", """{"name":null}""");

        Assert.Equal(["name"], (await response.Problem(400)).ErrorFields());
    }

    [Fact]
    public async Task Task_lists_filter_by_type_label_severity_and_parent()
    {
        var projectId = await NewProject();
        var epic = await NewTask(projectId, """{"name":"E","type":"epic"}""");
        var bug = await NewTask(projectId, $$"""{"name":"B","type":"bug","severity":"critical","labels":["UI"],"parentId":"{{epic.Id()}}"}""");
        await NewTask(projectId, """{"name":"T","labels":["backend"]}""");

        async Task<string[]> Ids(string query) =>
            (await (await _client.GetAsync($"/api/projects/{projectId}/tasks?{query}")).Json())["items"]!.AsArray().Select(t => t!["id"]!.GetValue<string>()).ToArray();

        Assert.Equal([bug.Id()], await Ids("type=bug"));
        Assert.Equal([bug.Id()], await Ids("label=ui"));
        Assert.Equal([bug.Id()], await Ids("severity=critical"));
        Assert.Equal([bug.Id()], await Ids($"parentId={epic.Id()}"));
        Assert.Equal(["type"], (await (await _client.GetAsync($"/api/projects/{projectId}/tasks?type=saga")).Problem(400)).ErrorFields());
    }

    [Fact]
    public async Task The_project_label_set_counts_tasks_per_label_ignoring_case()
    {
        var projectId = await NewProject();
        await NewTask(projectId, """{"name":"A","labels":["UI","api"]}""");
        await NewTask(projectId, """{"name":"B","labels":["ui"]}""");

        var labels = (await (await _client.GetAsync($"/api/projects/{projectId}/labels")).Content.ReadFromJsonAsync<JsonArray>())!;

        Assert.Equal([("api", 1), ("UI", 2)], labels.Select(l => (l!["name"]!.GetValue<string>(), l["tasks"]!.GetValue<int>())));
        await (await _client.GetAsync("/api/projects/nosuchproject/labels")).Problem(404);
    }
}

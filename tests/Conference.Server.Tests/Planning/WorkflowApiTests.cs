using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Conference.Server.Tests.Support;

namespace Conference.Server.Tests.Planning;

public sealed class WorkflowApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string Kanban = """
        {"statuses":[{"key":"backlog","name":"Backlog","category":"todo"},{"key":"doing","name":"Doing","category":"in_progress"},
                     {"key":"qa","name":"QA","category":"in_progress"},{"key":"shipped","name":"Shipped","category":"done"}]}
        """;

    private readonly HttpClient _admin = factory.CreateAdminClient();

    [Fact]
    public async Task Owners_customise_the_workflow_and_tasks_use_its_statuses()
    {
        var projectId = (await _admin.Create("/api/projects", """{"name":"Kanban"}""")).Id();
        var initial = await _admin.GetAsync($"/api/projects/{projectId}/workflow");
        Assert.Equal("\"1\"", initial.ETag());

        var replaced = await _admin.PutJson($"/api/projects/{projectId}/workflow", Kanban, initial.ETag());
        var stale = await _admin.PutJson($"/api/projects/{projectId}/workflow", Kanban, initial.ETag());
        var task = await _admin.Create($"/api/projects/{projectId}/tasks", """{"name":"Card","workflowStatus":"qa"}""");
        var listed = await (await _admin.GetAsync($"/api/projects/{projectId}/tasks?workflowStatus=qa")).Json();
        var removing = await _admin.PutJson($"/api/projects/{projectId}/workflow",
            """{"statuses":[{"key":"backlog","name":"Backlog","category":"todo"}]}""");

        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal("\"2\"", replaced.ETag());
        await stale.Problem(412);
        Assert.Equal(("qa", "in_progress"), (task["workflowStatus"]!.GetValue<string>(), task["status"]!.GetValue<string>()));
        Assert.Equal([task.Id()], listed["items"]!.AsArray().Select(t => t!["id"]!.GetValue<string>()));
        await removing.Problem(409);
        var report = (await _admin.GetFromJsonAsync<JsonObject>($"/api/projects/{projectId}/report"))!;
        Assert.Equal(1, report["byWorkflowStatus"]!["qa"]!.GetValue<int>());
    }

    [Fact]
    public async Task Members_read_the_workflow_but_only_owners_change_it()
    {
        var projectId = (await _admin.Create("/api/projects", """{"name":"Guarded"}""")).Id();
        var (memberId, member) = await factory.CreateUserClient("member");
        await _admin.Create($"/api/projects/{projectId}/members", $$"""{"userId":"{{memberId}}"}""");

        var read = await member.GetAsync($"/api/projects/{projectId}/workflow");
        var write = await member.PutJson($"/api/projects/{projectId}/workflow", Kanban);

        Assert.Equal(5, (await read.Json())["statuses"]!.AsArray().Count);
        await write.Problem(403);
    }

    [Theory]
    [InlineData("""{"statuses":[{"key":"Bad Key","name":"X","category":"todo"}]}""", "statuses[0].key")]
    [InlineData("""{"statuses":[{"key":"a","name":"X","category":"todo"},{"key":"a","name":"Y","category":"done"}]}""", "statuses[1].key")]
    [InlineData("""{"statuses":[{"key":"a","name":"X","category":"later"}]}""", "statuses")]
    [InlineData("""{"statuses":[{"key":"a","name":"X","category":"done"}]}""", "statuses")]
    [InlineData("""{"statuses":[]}""", "statuses")]
    [InlineData("""{"states":[]}""", "states")]
    public async Task Bad_workflows_are_400_naming_the_field(string body, string field)
    {
        var projectId = (await _admin.Create("/api/projects", """{"name":"Strict"}""")).Id();

        var response = await _admin.PutJson($"/api/projects/{projectId}/workflow", body);

        Assert.Contains(field, (await response.Problem(400)).ErrorFields());
    }

    [Fact]
    public async Task An_unknown_workflow_status_on_a_task_is_400()
    {
        var projectId = (await _admin.Create("/api/projects", """{"name":"Default"}""")).Id();

        var response = await _admin.PostJson($"/api/projects/{projectId}/tasks", """{"name":"T","workflowStatus":"qa"}""");

        Assert.Equal(["workflowStatus"], (await response.Problem(400)).ErrorFields());
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Conference.Server.Tests.Support;

namespace Conference.Server.Tests.Planning;

/// <summary>
/// The report endpoints over today's work (exact numbers over a pinned history are in the grain tests); the CSV export.
/// </summary>
public sealed class ReportsApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.CreateAdminClient();

    private static string Today => DateTime.UtcNow.ToString("yyyy-MM-dd");

    private async Task<string> ProjectWithWork()
    {
        var projectId = (await _client.Create("/api/projects", """{"name":"Measured"}""")).Id();
        await _client.Create($"/api/projects/{projectId}/tasks", """{"name":"A","estimate":3,"dueDate":"2020-01-01"}""");
        await _client.Create($"/api/projects/{projectId}/tasks", """{"name":"B","type":"bug","severity":"major","estimate":5}""");
        var done = await _client.Create($"/api/projects/{projectId}/tasks", """{"name":"C","estimate":2,"status":"in_progress"}""");
        await _client.PutJson($"/api/tasks/{done.Id()}", """{"name":"C","estimate":2,"status":"done"}""");
        return projectId;
    }

    [Fact]
    public async Task The_report_counts_todays_work()
    {
        var projectId = await ProjectWithWork();

        var report = (await _client.GetFromJsonAsync<JsonObject>($"/api/projects/{projectId}/report"))!;

        Assert.Equal(3, report["total"]!.GetValue<int>());
        Assert.Equal(2, report["byStatus"]!["todo"]!.GetValue<int>());
        Assert.Equal(1, report["byStatusCategory"]!["done"]!.GetValue<int>());
        Assert.Equal(1, report["openBugsBySeverity"]!["major"]!.GetValue<int>());
        Assert.Equal(["A"], report["overdue"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Burndown_velocity_and_cycle_time_answer_from_the_history()
    {
        var projectId = await ProjectWithWork();

        var burndown = (await _client.GetFromJsonAsync<JsonArray>($"/api/projects/{projectId}/report/burndown?from={Today}&to={Today}"))!;
        var velocity = (await _client.GetFromJsonAsync<JsonArray>($"/api/projects/{projectId}/report/velocity?weeks=2"))!;
        var cycle = (await _client.GetFromJsonAsync<JsonObject>($"/api/projects/{projectId}/report/cycle-time"))!;
        var defaultRange = (await _client.GetFromJsonAsync<JsonArray>($"/api/projects/{projectId}/report/burndown"))!;

        Assert.Equal((Today, 2, 8.0), (burndown[0]!["date"]!.GetValue<string>(), burndown[0]!["open"]!.GetValue<int>(), burndown[0]!["openPoints"]!.GetValue<double>()));
        Assert.Equal(14, defaultRange.Count);
        Assert.Equal([0, 1], velocity.Select(w => w!["done"]!.GetValue<int>()));
        Assert.Equal(1, cycle["count"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("report/burndown?from=2026-02-01&to=2026-01-01", "from")]
    [InlineData("report/burndown?from=2020-01-01&to=2026-01-01", "from")]
    [InlineData("report/burndown?to=someday", "to")]
    [InlineData("report/velocity?weeks=0", "weeks")]
    [InlineData("report/velocity?weeks=many", "weeks")]
    public async Task Bad_report_parameters_are_400_naming_the_parameter(string path, string field)
    {
        var projectId = (await _client.Create("/api/projects", """{"name":"P"}""")).Id();

        var response = await _client.GetAsync($"/api/projects/{projectId}/{path}");

        Assert.Equal([field], (await response.Problem(400)).ErrorFields());
    }

    [Fact]
    public async Task A_hidden_project_is_404_before_its_parameters_are_judged()
    {
        var projectId = (await _client.Create("/api/projects", """{"name":"Secret"}""")).Id();
        var (_, outsider) = await factory.CreateUserClient("member");

        await (await outsider.GetAsync($"/api/projects/{projectId}/report/velocity?weeks=0")).Problem(404);
        await (await outsider.GetAsync($"/api/projects/{projectId}/roadmap")).Problem(404);
    }

    [Fact]
    public async Task The_roadmap_lists_milestones_by_due_date_with_progress()
    {
        var projectId = (await _client.Create("/api/projects", """{"name":"Road"}""")).Id();
        var late = await _client.Create($"/api/projects/{projectId}/milestones", """{"name":"GA","dueDate":"2026-09-01"}""");
        var early = await _client.Create($"/api/projects/{projectId}/milestones", """{"name":"Beta","dueDate":"2026-06-01"}""");
        await _client.Create($"/api/projects/{projectId}/tasks", $$"""{"name":"Ship","estimate":5,"status":"done","milestoneId":"{{early.Id()}}"}""");
        await _client.Create($"/api/projects/{projectId}/tasks", $$"""{"name":"Late","estimate":1,"dueDate":"2026-07-01","milestoneId":"{{early.Id()}}"}""");

        var roadmap = (await _client.GetFromJsonAsync<JsonArray>($"/api/projects/{projectId}/roadmap"))!;

        Assert.Equal([early.Id(), late.Id()], roadmap.Select(m => m!["milestone"]!["id"]!.GetValue<string>()));
        var beta = roadmap[0]!;
        Assert.Equal((1, 2, 5.0, 6.0), (beta["done"]!.GetValue<int>(), beta["total"]!.GetValue<int>(),
            beta["pointsDone"]!.GetValue<double>(), beta["pointsTotal"]!.GetValue<double>()));
        Assert.Equal("due_after_milestone", beta["atRisk"]![0]!["reasons"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Task_lists_export_as_csv_with_quoting_and_formula_guard()
    {
        var projectId = (await _client.Create("/api/projects", """{"name":"Export"}""")).Id();
        await _client.Create($"/api/projects/{projectId}/tasks", """{"name":"Plain","labels":["a","b"],"estimate":1.5}""");
        await _client.Create($"/api/projects/{projectId}/tasks", """{"name":"=HYPERLINK(\"x\")","type":"bug"}""");
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/projects/{projectId}/tasks?type=bug");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        var all = new HttpRequestMessage(HttpMethod.Get, $"/api/projects/{projectId}/tasks?limit=1");
        all.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));

        var bugs = await _client.SendAsync(request);
        var everything = await (await _client.SendAsync(all)).Content.ReadAsStringAsync();

        Assert.Equal("text/csv", bugs.Content.Headers.ContentType!.MediaType);
        var lines = (await bugs.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("id,name,type,status,priority,assignee,dueDate,estimate,labels,", lines[0]);
        Assert.Equal(2, lines.Length);
        Assert.Contains(",\"'=HYPERLINK(\"\"x\"\")\",bug,todo,medium,", lines[1]);
        Assert.Equal(3, everything.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains(",1.5,\"a,b\",", everything);
    }

    [Fact]
    public async Task The_openapi_document_offers_task_lists_as_json_and_csv()
    {
        var document = (await factory.CreateClient().GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;

        var content = document["paths"]!["/api/projects/{id}/tasks"]!["get"]!["responses"]!["200"]!["content"]!.AsObject();

        Assert.Equal(["application/json", "text/csv"], content.Select(c => c.Key).Order());
    }
}

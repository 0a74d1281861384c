using Conference.Server.Tests.Support;

namespace Conference.Server.Tests.Embedded;

/// <summary>The embedded default keeps its data in the data folder: stop, start, everything is still there.</summary>
public sealed class EmbeddedRestartTests
{
    [Fact]
    public async Task Users_projects_and_tasks_survive_a_restart()
    {
        var dataPath = TempFolder.Create("conference-restart");
        string userId, projectId, taskId, adminEmail;

        await using (var first = ApiFactory.On(dataPath, HttpJson.UniqueEmail("admin")))
        {
            adminEmail = first.AdminEmail;
            var client = first.CreateAdminClient();
            userId = (await client.Create("/api/users", $$"""{"name":"Keeper","email":"{{HttpJson.UniqueEmail("keep")}}"}""")).Id();
            projectId = (await client.Create("/api/projects", """{"name":"Durable","status":"active"}""")).Id();
            taskId = (await client.Create($"/api/projects/{projectId}/tasks", $$"""{"name":"Persist","assignee":"{{userId}}"}""")).Id();
        }

        // The admin logs in again: accounts, password hashes and the signing key survived too.
        await using var second = ApiFactory.On(dataPath, adminEmail);
        var again = second.CreateAdminClient();

        Assert.Equal("Keeper", (await (await again.GetAsync($"/api/users/{userId}")).Json())["name"]!.GetValue<string>());
        Assert.Equal("Durable", (await (await again.GetAsync($"/api/projects/{projectId}")).Json())["name"]!.GetValue<string>());
        var task = await (await again.GetAsync($"/api/tasks/{taskId}")).Json();
        Assert.Equal(userId, task["assignee"]!.GetValue<string>());
        var tasks = await (await again.GetAsync($"/api/projects/{projectId}/tasks")).Json();
        Assert.Equal(taskId, tasks["items"]![0]!.AsObject().Id());
        var users = await (await again.GetAsync("/api/users?limit=200")).Json();
        Assert.Contains(users["items"]!.AsArray(), u => u!.AsObject().Id() == userId);
    }
}

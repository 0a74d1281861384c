using Conference.Server.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR;

namespace Conference.Server.Tests.LiveUpdates;

/// <summary>A server whose gateway rechecks its connections' access every second (instead of every minute).</summary>
public sealed class LiveUpdatesFixture : IDisposable
{
    public ApiFactory Api { get; } = ApiFactory.With(new Dictionary<string, string> { ["Conference:LiveUpdates:Renewal"] = "00:00:01" });

    public void Dispose() => Api.Dispose();
}

/// <summary>Boards update without reload: project events and notifications pushed over the conference hub.</summary>
public sealed class ProjectLiveUpdatesTests(LiveUpdatesFixture fixture) : IClassFixture<LiveUpdatesFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly ApiFactory factory = fixture.Api;
    private readonly HttpClient _admin = fixture.Api.CreateAdminClient();

    private Task<LiveClient> Connect(string token) =>
        LiveClient.Connect(new Uri(factory.Server.BaseAddress, "hubs/conference"), token, () => factory.Server.CreateHandler());

    private async Task<(string ProjectId, string MemberId, string MemberToken)> ProjectWithMember()
    {
        var projectId = (await _admin.Create("/api/projects", """{"name":"Board"}""")).Id();
        var (memberId, memberToken) = await factory.CreateUser("member");
        await _admin.Create($"/api/projects/{projectId}/members", $$"""{"userId":"{{memberId}}"}""");
        return (projectId, memberId, memberToken);
    }

    [Fact]
    public async Task A_member_watching_a_project_sees_tasks_comments_and_milestones_change_made_by_another_user()
    {
        var (projectId, _, memberToken) = await ProjectWithMember();
        var adminId = (await (await _admin.GetAsync("/api/me")).Json())["user"]!.AsObject().Id();
        await using var member = await Connect(memberToken);
        await member.Connection.InvokeAsync("WatchProject", projectId);

        var taskId = (await _admin.Create($"/api/projects/{projectId}/tasks", """{"name":"Draft"}""")).Id();
        Assert.True((await _admin.PutJson($"/api/tasks/{taskId}", """{"name":"Final"}""")).IsSuccessStatusCode);
        var commentId = (await _admin.Create($"/api/tasks/{taskId}/comments", """{"text":"Looks good"}""")).Id();
        var milestoneId = (await _admin.Create($"/api/projects/{projectId}/milestones", """{"name":"Beta"}""")).Id();
        Assert.True((await _admin.PutJson($"/api/milestones/{milestoneId}", """{"name":"Beta 2"}""")).IsSuccessStatusCode);
        Assert.True((await _admin.Delete($"/api/tasks/{taskId}")).IsSuccessStatusCode);

        var created = await member.Next("taskCreated", e => e.DataId() == taskId, Wait);
        var updated = await member.Next("taskUpdated", e => e.DataId() == taskId, Wait);
        var commented = await member.Next("commentCreated", e => e.DataId() == commentId, Wait);
        var milestone = await member.Next("milestoneUpdated", e => e.DataId() == milestoneId, Wait);
        var deleted = await member.Next("taskDeleted", e => e.DataId() == taskId, Wait);

        Assert.Equal(("task.created", projectId, adminId), (created.Text("type"), created.Text("projectId"), created.Text("actorId")));
        Assert.Equal("Draft", created.GetProperty("data").Text("name"));
        Assert.Equal("Final", updated.GetProperty("data").Text("name"));
        Assert.Equal(("Looks good", taskId), (commented.GetProperty("data").Text("text"), commented.GetProperty("data").Text("taskId")));
        Assert.Equal("Beta 2", milestone.GetProperty("data").Text("name"));
        Assert.Equal("task.deleted", deleted.Text("type"));
    }

    [Fact]
    public async Task Someone_outside_the_project_cannot_watch_it()
    {
        var (projectId, _, _) = await ProjectWithMember();
        var (_, outsiderToken) = await factory.CreateUser("member");
        await using var outsider = await Connect(outsiderToken);

        var refused = await Assert.ThrowsAsync<HubException>(() => outsider.Connection.InvokeAsync("WatchProject", projectId));
        var malformed = await Assert.ThrowsAsync<HubException>(() => outsider.Connection.InvokeAsync("WatchProject", "../nope"));

        Assert.Contains($"Project '{projectId}' was not found.", refused.Message);
        Assert.Contains("was not found", malformed.Message);
    }

    [Fact]
    public async Task A_member_removed_from_the_project_is_told_and_stops_receiving_its_events()
    {
        var (projectId, memberId, memberToken) = await ProjectWithMember();
        await using var member = await Connect(memberToken);
        await using var admin = await Connect(await factory.AdminToken());
        await member.Connection.InvokeAsync("WatchProject", projectId);
        await admin.Connection.InvokeAsync("WatchProject", projectId);

        Assert.Equal(System.Net.HttpStatusCode.NoContent, (await _admin.Delete($"/api/projects/{projectId}/members/{memberId}")).StatusCode);
        var unwatched = await member.Next("projectUnwatched", e => e.Text("projectId") == projectId, Wait);
        var taskId = (await _admin.Create($"/api/projects/{projectId}/tasks", """{"name":"Private now"}""")).Id();
        await admin.Next("taskCreated", e => e.DataId() == taskId, Wait);

        // The gateway sent the event once, to its group, after the member had left it.
        Assert.DoesNotContain(member.Drain(), e => e.Name == "taskCreated" && e.Payload.DataId() == taskId);
        Assert.Contains("no longer have access", unwatched.Text("reason"));
    }

    [Fact]
    public async Task A_mentioned_member_and_a_new_assignee_get_their_notifications_live()
    {
        var (projectId, memberId, memberToken) = await ProjectWithMember();
        var taskId = (await _admin.Create($"/api/projects/{projectId}/tasks", """{"name":"Review"}""")).Id();
        await using var member = await Connect(memberToken);

        await _admin.Create($"/api/tasks/{taskId}/comments", $$"""{"text":"@{{memberId}} could you look?"}""");
        var mention = await member.Next("notification", n => n.Text("kind") == "mention", Wait);
        Assert.True((await _admin.PutJson($"/api/tasks/{taskId}", $$"""{"name":"Review","assignee":"{{memberId}}"}""")).IsSuccessStatusCode);
        var assigned = await member.Next("notification", n => n.Text("kind") == "assigned", Wait);

        Assert.Equal((taskId, projectId), (mention.Text("taskId"), mention.Text("projectId")));
        Assert.Equal(taskId, assigned.Text("taskId"));
        var inbox = await (await factory.CreateDefaultClient(new BearerTokenHandler(() => Task.FromResult(memberToken))).GetAsync("/api/notifications")).Json();
        Assert.Contains(inbox["items"]!.AsArray(), n => n!["id"]!.GetValue<string>() == mention.Text("id"));
    }
}

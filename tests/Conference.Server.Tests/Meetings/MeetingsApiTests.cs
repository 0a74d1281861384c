using System.Net;
using System.Text.Json.Nodes;
using Conference.Server.Meetings;
using Conference.Server.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;

namespace Conference.Server.Tests.Meetings;

/// <summary>Meetings inside the work: chat message → task of the room's project, and each call summarised.</summary>
public sealed class MeetingsApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _admin = factory.CreateAdminClient();

    /// <summary>Joins <paramref name="roomId"/> over the hub, runs <paramref name="during"/>, leaves: one call. Returns its session id.</summary>
    public static async Task<string> HoldCall(ApiFactory factory, Func<Task<string>> token, string roomId, Func<Task>? during = null)
    {
        await using var hub = await factory.ConnectHub(async () => await token());
        var joined = await hub.InvokeAsync<JoinResponse>("Join", roomId);
        if (during is not null) await during();
        await hub.InvokeAsync("Leave");
        return joined.Room.ActiveSessionId!;
    }

    [Fact]
    public async Task A_chat_message_becomes_a_task_linked_to_the_meeting_and_listed_in_its_summary()
    {
        var (projectId, roomId) = await ProjectRoom("Planning");
        JsonObject? task = null;
        HttpResponseMessage? created = null;
        var sessionId = await HoldCall(factory, factory.AdminToken, roomId, async () =>
        {
            var message = await _admin.Create($"/api/rooms/{roomId}/messages", "{\"text\":\"Fix the login page\\nIt times out on slow links\"}");
            created = await _admin.PostJson($"/api/rooms/{roomId}/messages/{message.Id()}/task", "{}");
            task = await created.Json();
        });

        var summary = await (await _admin.GetAsync($"/api/rooms/{roomId}/meetings/{sessionId}")).Json();
        var board = await (await _admin.GetAsync($"/api/projects/{projectId}/tasks")).Json();
        var projectMeetings = await (await _admin.GetAsync($"/api/projects/{projectId}/meetings")).Json();

        Assert.Equal(HttpStatusCode.Created, created!.StatusCode);
        Assert.Equal($"/api/tasks/{task!.Id()}", created.Headers.Location!.ToString());
        Assert.Equal("Fix the login page", task["name"]!.GetValue<string>());
        Assert.Contains($"](/rooms/{roomId})", task["description"]!.GetValue<string>());
        Assert.Contains("It times out on slow links", task["description"]!.GetValue<string>());
        Assert.Equal([task.Id()], board["items"]!.AsArray().Select(t => t!.AsObject().Id()));
        Assert.Equal([task.Id()], summary["tasks"]!.AsArray().Select(t => t!["taskId"]!.GetValue<string>()));
        Assert.Equal("todo", summary["tasks"]![0]!["status"]!.GetValue<string>());
        Assert.Equal("Planning", summary["roomName"]!.GetValue<string>());
        Assert.NotNull(summary["endedAt"]);
        Assert.True(summary["durationSeconds"]!.GetValue<long>() >= 0);
        Assert.Single(summary["attendees"]!.AsArray());
        Assert.Equal([sessionId], projectMeetings["items"]!.AsArray().Select(m => m!["sessionId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_projects_meetings_are_listed_newest_first_across_its_rooms_with_their_attendees()
    {
        var (projectId, first) = await ProjectRoom("Standup");
        var second = (await _admin.Create("/api/rooms", $$"""{"name":"Retro","projectId":"{{projectId}}"}""")).Id();
        var (memberId, memberToken) = await factory.CreateUser("member");
        await _admin.Create($"/api/projects/{projectId}/members", $$"""{"userId":"{{memberId}}"}""");

        var older = await HoldCall(factory, factory.AdminToken, first);
        var newer = await HoldCall(factory, factory.AdminToken, second,
            () => HoldCall(factory, () => Task.FromResult(memberToken), second));
        var all = await (await _admin.GetAsync($"/api/projects/{projectId}/meetings")).Json();
        var page = await (await _admin.GetAsync($"/api/projects/{projectId}/meetings?limit=1")).Json();
        var rest = await (await _admin.GetAsync($"/api/projects/{projectId}/meetings?limit=1&cursor={page["nextCursor"]!.GetValue<string>()}")).Json();

        Assert.Equal([newer, older], all["items"]!.AsArray().Select(m => m!["sessionId"]!.GetValue<string>()));
        Assert.Equal(2, all["items"]![0]!["attendees"]!.AsArray().Count);
        Assert.Equal("Retro", all["items"]![0]!["roomName"]!.GetValue<string>());
        Assert.Equal([newer], page["items"]!.AsArray().Select(m => m!["sessionId"]!.GetValue<string>()));
        Assert.Equal([older], rest["items"]!.AsArray().Select(m => m!["sessionId"]!.GetValue<string>()));
        Assert.Null(rest["nextCursor"]);
    }

    [Fact]
    public async Task Bad_requests_are_problems_naming_what_was_wrong()
    {
        var (_, roomId) = await ProjectRoom("Errors");
        var adHoc = (await _admin.Create("/api/rooms", """{"name":"Ad hoc"}""")).Id();
        var message = (await _admin.Create($"/api/rooms/{roomId}/messages", """{"text":"Hello"}""")).Id();
        var adHocMessage = (await _admin.Create($"/api/rooms/{adHoc}/messages", """{"text":"Hello"}""")).Id();

        Assert.Equal(["topic"], (await (await _admin.PostJson($"/api/rooms/{roomId}/messages/{message}/task", """{"topic":"x"}""")).Problem(400)).ErrorFields());
        Assert.Equal(["name"], (await (await _admin.PostJson($"/api/rooms/{roomId}/messages/{message}/task", """{"name":" "}""")).Problem(400)).ErrorFields());
        Assert.Equal(["assignee"], (await (await _admin.PostJson($"/api/rooms/{roomId}/messages/{message}/task", """{"assignee":"nobody"}""")).Problem(400)).ErrorFields());
        await (await _admin.PostJson($"/api/rooms/{roomId}/messages/999/task", "{}")).Problem(404);
        await (await _admin.PostJson($"/api/rooms/{roomId}/messages/abc/task", "{}")).Problem(404);
        await (await _admin.PostJson($"/api/rooms/nosuchroom/messages/{message}/task", "{}")).Problem(404);
        await (await _admin.PostJson($"/api/rooms/{adHoc}/messages/{adHocMessage}/task", "{}")).Problem(409);
        await (await _admin.GetAsync($"/api/rooms/{roomId}/meetings/nosuchsession")).Problem(404);
        Assert.Equal(["limit"], (await (await _admin.GetAsync($"/api/rooms/{roomId}/meetings?limit=0")).Problem(400)).ErrorFields());
        await (await _admin.GetAsync("/api/projects/nosuchproject/meetings")).Problem(404);
    }

    private async Task<(string ProjectId, string RoomId)> ProjectRoom(string name)
    {
        var projectId = (await _admin.Create("/api/projects", """{"name":"Meetings"}""")).Id();
        var roomId = (await _admin.Create("/api/rooms", $$"""{"name":"{{name}}","projectId":"{{projectId}}"}""")).Id();
        return (projectId, roomId);
    }
}

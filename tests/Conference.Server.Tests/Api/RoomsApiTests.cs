using System.Net;
using Conference.Server.Tests.Support;

namespace Conference.Server.Tests.Api;

public sealed class RoomsApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.CreateAdminClient();

    [Fact]
    public async Task Rooms_are_created_listed_read_and_ended()
    {
        var projectId = (await _client.Create("/api/projects", """{"name":"Meetings"}""")).Id();

        var created = await _client.PostJson("/api/rooms", $$"""{"name":"Standup","projectId":"{{projectId}}"}""");
        var room = await created.Json();
        var listed = await (await _client.GetAsync($"/api/rooms?projectId={projectId}")).Json();
        var ended = await _client.Delete($"/api/rooms/{room.Id()}", created.ETag());
        var after = await (await _client.GetAsync($"/api/rooms/{room.Id()}")).Json();
        var sessions = await (await _client.GetAsync($"/api/rooms/{room.Id()}/sessions")).Json();

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("created", room["status"]!.GetValue<string>());
        Assert.Equal(projectId, room["projectId"]!.GetValue<string>());
        Assert.Equal([room.Id()], listed["items"]!.AsArray().Select(i => i!.AsObject().Id()));
        Assert.Equal(HttpStatusCode.NoContent, ended.StatusCode);
        Assert.Equal("ended", after["status"]!.GetValue<string>());
        Assert.Empty(sessions["items"]!.AsArray());
    }

    [Theory]
    [InlineData("""{"projectId":null}""", "name")]
    [InlineData("""{"name":"R","projectId":"nosuchproject"}""", "projectId")]
    [InlineData("""{"name":"R","topic":"x"}""", "topic")]
    public async Task Bad_rooms_are_400_naming_the_field(string body, string field)
    {
        var response = await _client.PostJson("/api/rooms", body);

        Assert.Equal([field], (await response.Problem(400)).ErrorFields());
    }

    [Fact]
    public async Task Chat_history_is_posted_paged_and_gap_filled_over_rest()
    {
        var roomId = (await _client.Create("/api/rooms", """{"name":"Chatty"}""")).Id();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
            ids.Add((await _client.Create($"/api/rooms/{roomId}/messages", $$"""{"text":"m{{i}}"}""")).Id());

        var newest = await (await _client.GetAsync($"/api/rooms/{roomId}/messages?limit=2")).Json();
        var older = await (await _client.GetAsync($"/api/rooms/{roomId}/messages?limit=2&cursor={newest["nextCursor"]!.GetValue<string>()}")).Json();
        var before = await (await _client.GetAsync($"/api/rooms/{roomId}/messages?before={ids[1]}")).Json();
        var since = await (await _client.GetAsync($"/api/rooms/{roomId}/messages?since={ids[2]}")).Json();

        Assert.Equal(["m4", "m3"], Texts(newest));
        Assert.Equal(["m2", "m1"], Texts(older));
        Assert.Equal(["m0"], Texts(before));
        Assert.Equal(["m3", "m4"], Texts(since));
        Assert.Equal(["text"], (await (await _client.PostJson($"/api/rooms/{roomId}/messages", """{"text":"  "}""")).Problem(400)).ErrorFields());
        Assert.Equal(["before"], (await (await _client.GetAsync($"/api/rooms/{roomId}/messages?before=xyz")).Problem(400)).ErrorFields());
        Assert.Equal(["since"], (await (await _client.GetAsync($"/api/rooms/{roomId}/messages?since=999")).Problem(400)).ErrorFields());
    }

    private static IEnumerable<string> Texts(System.Text.Json.Nodes.JsonObject page) =>
        page["items"]!.AsArray().Select(m => m!["text"]!.GetValue<string>());

    [Fact]
    public async Task Unknown_rooms_are_404()
    {
        await (await _client.GetAsync("/api/rooms/nosuchroom")).Problem(404);
        await (await _client.Delete("/api/rooms/nosuchroom")).Problem(404);
        await (await _client.GetAsync("/api/rooms/nosuchroom/sessions")).Problem(404);
    }
}

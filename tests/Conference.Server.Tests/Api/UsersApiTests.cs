using System.Net;
using System.Text.Json.Nodes;
using Conference.Server.Tests.Support;

namespace Conference.Server.Tests.Api;

public sealed class UsersApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.CreateAdminClient();

    [Fact]
    public async Task Create_returns_201_with_location_etag_and_the_user()
    {
        var email = HttpJson.UniqueEmail("ann");

        var response = await _client.PostJson("/api/users", $$"""{"name":"Ann","email":"{{email}}","role":"admin"}""");
        var user = await response.Json();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/users/{user.Id()}", response.Headers.Location!.OriginalString);
        Assert.Equal("\"1\"", response.ETag());
        Assert.Equal("Ann", user["name"]!.GetValue<string>());
        Assert.Equal("admin", user["role"]!.GetValue<string>());
        Assert.Equal(1, user["version"]!.GetValue<long>());
        Assert.True(DateTimeOffset.TryParse(user["createdAt"]!.GetValue<string>(), out _));
    }

    [Fact]
    public async Task Get_update_delete_lifecycle()
    {
        var email = HttpJson.UniqueEmail("bo");
        var id = (await _client.Create("/api/users", $$"""{"name":"Bo","email":"{{email}}"}""")).Id();

        var get = await _client.GetAsync($"/api/users/{id}");
        var put = await _client.PutJson($"/api/users/{id}", $$"""{"name":"Bo B","email":"{{email}}","role":"guest"}""", get.ETag());
        var delete = await _client.Delete($"/api/users/{id}", put.ETag());
        var after = await _client.GetAsync($"/api/users/{id}");

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("\"1\"", get.ETag());
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("guest", (await put.Json())["role"]!.GetValue<string>());
        Assert.Equal("\"2\"", put.ETag());
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        await after.Problem(404);
    }

    [Fact]
    public async Task Duplicate_email_is_409_ignoring_case()
    {
        var email = HttpJson.UniqueEmail("dup");
        await _client.Create("/api/users", $$"""{"name":"One","email":"{{email}}"}""");

        var second = await _client.PostJson("/api/users", $$"""{"name":"Two","email":"{{email.ToUpperInvariant()}}"}""");

        await second.Problem(409);
    }

    [Theory]
    [InlineData("""{"name":"A","email":"a@example.com","role":"emperor"}""", "role")]
    [InlineData("""{"name":"A","email":"not an email"}""", "email")]
    [InlineData("""{"email":"a@example.com"}""", "name")]
    [InlineData("""{"name":["A"],"email":"a@example.com"}""", "name")]
    [InlineData("""{"name":"A","email":"a@example.com","nickname":"x"}""", "nickname")]
    public async Task Bad_fields_are_400_naming_the_field(string body, string field)
    {
        var response = await _client.PostJson("/api/users", body);

        Assert.Contains(field, (await response.Problem(400)).ErrorFields());
    }

    [Fact]
    public async Task Unknown_and_malformed_ids_are_404()
    {
        await (await _client.GetAsync("/api/users/nosuchuser")).Problem(404);
        await (await _client.GetAsync("/api/users/bad%20id")).Problem(404);
        await (await _client.PutJson("/api/users/nosuchuser", """{"name":"x","email":"x@example.com"}""")).Problem(404);
        await (await _client.Delete("/api/users/nosuchuser")).Problem(404);
    }

    [Fact]
    public async Task List_filters_by_role()
    {
        var guest = (await _client.Create("/api/users", $$"""{"name":"G","email":"{{HttpJson.UniqueEmail("g")}}","role":"guest"}""")).Id();

        var page = await (await _client.GetAsync("/api/users?role=guest&limit=200")).Json();

        var items = page["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
        Assert.Contains(items, i => i.Id() == guest);
        Assert.All(items, i => Assert.Equal("guest", i["role"]!.GetValue<string>()));
    }
}

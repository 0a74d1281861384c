using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Conference.Server.Tests.Support;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Conference.Server.Tests.Security;

/// <summary>
/// Requests an outside tester made by hand (issue 12, items 2 and 5–9): each is a client's mistake, so each gets a
/// 4xx problem naming what was wrong, never a 500, and nothing is logged as an error.
/// </summary>
[Trait("Category", "Security")]
public sealed class HostileInputTests(HostileInputTests.Server server) : IClassFixture<HostileInputTests.Server>
{
    public sealed class Server : IAsyncLifetime
    {
        public ApiFactory Factory { get; private set; } = null!;

        public Task InitializeAsync()
        {
            Factory = ApiFactory.OnKestrel();
            return Task.CompletedTask;
        }

        public Task DisposeAsync() => Factory.DisposeAsync().AsTask();
    }

    private readonly ApiFactory _factory = server.Factory;

    private async Task<string> Bearer() => $"Authorization: Bearer {await _factory.AdminToken()}";

    private void NoErrorsLogged() =>
        Assert.Empty(_factory.Logs.Errors.Select(e => $"{e.Category}: {e.Message} {e.Exception?.GetType().Name}"));

    [Theory]
    [InlineData("/api/auth/login", false)]
    [InlineData("/api/auth/register", false)]
    [InlineData("/api/projects", true)]
    public async Task A_chunked_body_that_is_unframed_or_truncated_is_400(string path, bool withToken)
    {
        var auth = withToken ? "\r\n" + await Bearer() : "";
        var head = $"POST {path} HTTP/1.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked{auth}";

        var unframed = await RawHttp.Send(_factory.HttpAddress!, head, """{"email":"a@example.com"}""", halfClose: false);
        var truncated = await RawHttp.Send(_factory.HttpAddress!, head, "40\r\n{\"name\":\"x\"");

        Assert.Equal(400, unframed.Status);
        Assert.Contains("application/problem+json", unframed.Response);
        // The truncated body ends with the client's half-close: a 400 if the server can still answer, never a 500.
        Assert.True(truncated.Status is 0 or 400, truncated.Response);
        NoErrorsLogged();
    }

    [Theory]
    [InlineData("garbage", "this is not multipart at all")]
    [InlineData("unterminated", "--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nhello")]
    [InlineData("long-boundary", null)]
    public async Task A_malformed_multipart_upload_is_400(string kind, string? body)
    {
        var admin = _factory.CreateAdminClient();
        var projectId = (await admin.Create("/api/projects", """{"name":"Uploads"}""")).Id();
        var taskId = (await admin.Create($"/api/projects/{projectId}/tasks", """{"name":"T"}""")).Id();
        var boundary = kind == "long-boundary" ? new string('b', 200) : "B";
        body ??= $"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nhello\r\n--{boundary}--\r\n";
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={boundary}");

        var response = await admin.PostAsync($"/api/tasks/{taskId}/attachments", content);

        Assert.Equal(["file"], (await response.Problem(400)).ErrorFields());
        NoErrorsLogged();
    }

    [Theory]
    [InlineData("from=9999-12-31&to=9999-12-31", 200)]
    [InlineData("to=0001-01-01", 200)]
    [InlineData("from=0001-01-01&to=9999-12-31", 400)]
    public async Task Any_burndown_date_range_answers_or_is_400(string range, int expected)
    {
        var admin = _factory.CreateAdminClient();
        var projectId = (await admin.Create("/api/projects", """{"name":"Dates"}""")).Id();

        var response = await admin.GetAsync($"/api/projects/{projectId}/report/burndown?{range}");

        Assert.Equal(expected, (int)response.StatusCode);
        NoErrorsLogged();
    }

    [Fact]
    public async Task If_match_compares_strongly_and_if_none_match_star_on_a_write_is_412()
    {
        var admin = _factory.CreateAdminClient();
        var created = await admin.PostJson("/api/projects", """{"name":"Tags"}""");
        var url = created.Headers.Location!.OriginalString;
        var etag = created.ETag();

        var weak = await admin.PutJson(url, """{"name":"Weak"}""", ifMatch: $"W/{etag}");
        var noneMatch = new HttpRequestMessage(HttpMethod.Put, url) { Content = new StringContent("""{"name":"Create only"}""", Encoding.UTF8, "application/json") };
        noneMatch.Headers.TryAddWithoutValidation("If-None-Match", "*");
        var createOnly = await admin.SendAsync(noneMatch);
        var strong = await admin.PutJson(url, """{"name":"Strong"}""", ifMatch: etag);

        await weak.Problem(412);
        await createOnly.Problem(412);
        Assert.Equal(HttpStatusCode.OK, strong.StatusCode);
    }

    [Fact]
    public async Task Csv_refused_with_q_zero_is_not_sent()
    {
        var admin = _factory.CreateAdminClient();
        var projectId = (await admin.Create("/api/projects", """{"name":"Csv"}""")).Id();
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/projects/{projectId}/tasks");
        request.Headers.TryAddWithoutValidation("Accept", "text/csv;q=0, application/json");

        var response = await admin.SendAsync(request);

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Duplicate_keys_are_400_naming_the_key_on_post_put_and_patch()
    {
        var admin = _factory.CreateAdminClient();
        var created = await admin.PostJson("/api/projects", """{"name":"Dup"}""");
        var projectId = (await created.Json()).Id();
        var taskId = (await admin.Create($"/api/projects/{projectId}/tasks", """{"name":"T"}""")).Id();
        var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/tasks/{taskId}") { Content = new StringContent("""{"name":"a","name":"b"}""", Encoding.UTF8, "application/merge-patch+json") };

        var post = await admin.PostJson("/api/projects", """{"name":"a","name":"b"}""");
        var put = await admin.PutJson($"/api/projects/{projectId}", """{"name":"a","description":"x","description":"y"}""");
        var patched = await admin.SendAsync(patch);

        Assert.Equal(["name"], (await post.Problem(400)).ErrorFields());
        Assert.Equal(["description"], (await put.Problem(400)).ErrorFields());
        Assert.Equal(["name"], (await patched.Problem(400)).ErrorFields());
    }

    [Fact]
    public async Task A_number_sent_as_a_string_is_400_naming_the_field()
    {
        var admin = _factory.CreateAdminClient();
        var projectId = (await admin.Create("/api/projects", """{"name":"Types"}""")).Id();

        var response = await admin.PostJson($"/api/projects/{projectId}/tasks", """{"name":"T","estimate":"5"}""");

        Assert.Equal(["estimate"], (await response.Problem(400)).ErrorFields());
    }

    [Fact]
    public async Task A_correctly_signed_token_without_sub_is_401()
    {
        var tokens = _factory.Services.GetService(typeof(Conference.Server.Auth.TokenService)) as Conference.Server.Auth.TokenService;
        var auth = (Conference.Server.Auth.AuthOptions)_factory.Services.GetService(typeof(Conference.Server.Auth.AuthOptions))!;
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = auth.Issuer, Audience = auth.Audience, Expires = DateTime.UtcNow.AddMinutes(5),
            Claims = new Dictionary<string, object> { ["role"] = "admin", ["name"] = "Nobody" },
            SigningCredentials = new SigningCredentials(tokens!.Key, SecurityAlgorithms.HmacSha256),
        });
        var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        foreach (var path in new[] { "/api/me", "/api/projects", "/api/users" })
            await (await client.GetAsync(path)).Problem(401);
        NoErrorsLogged();
    }
}

using Conference.Server.Tests.Support;

namespace Conference.Server.Tests.Security;

[Trait("Category", "Security")]
public sealed class CorsTests
{
    [Fact]
    public async Task Only_origins_on_the_allow_list_get_cors_headers()
    {
        await using var factory = ApiFactory.With(new Dictionary<string, string> { ["Conference:Auth:CorsOrigins:0"] = "https://app.example.com" });
        var client = factory.CreateClient();

        var allowed = await Preflight(client, "https://app.example.com");
        var refused = await Preflight(client, "https://evil.example.net");

        Assert.Equal("https://app.example.com", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private static Task<HttpResponseMessage> Preflight(HttpClient client, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/api/projects");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        return client.SendAsync(request);
    }
}

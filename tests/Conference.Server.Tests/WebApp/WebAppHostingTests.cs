using System.Net;
using Conference.Server.Tests.Support;

namespace Conference.Server.Tests.WebApp;

/// <summary>
/// The gateway serves the browser app at / (from a web root with an index.html and a hashed asset): client routes
/// fall back to index.html, hashed assets are cached for good, the CSP allows no inline script, and the server's
/// own paths answer as before.
/// </summary>
public sealed class WebAppHostingTests : IClassFixture<WebAppHostingTests.Factory>
{
    private readonly HttpClient _client;

    public WebAppHostingTests(Factory factory) => _client = factory.Api.CreateClient();

    /// <summary>A server whose web root is a folder made here (independent of the client's build).</summary>
    public sealed class Factory : IAsyncDisposable
    {
        public ApiFactory Api { get; } = ApiFactory.With(new Dictionary<string, string> { ["Conference:WebApp:Root"] = WebRoot() });

        public ValueTask DisposeAsync() => Api.DisposeAsync();

        private static string WebRoot()
        {
            var root = TempFolder.Create("conference-webroot");
            Directory.CreateDirectory(Path.Combine(root, "assets"));
            File.WriteAllText(Path.Combine(root, "index.html"), "<!doctype html><title>Conference</title><div id=root></div>");
            File.WriteAllText(Path.Combine(root, "assets", "index-AbC123.js"), "console.log(1)");
            return root;
        }
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/projects/abc/board")]
    [InlineData("/rooms/xyz?invite=1")]
    public async Task Client_routes_answer_index_html_revalidated_with_a_strict_csp(string path)
    {
        var response = await _client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<div id=root>", await response.Content.ReadAsStringAsync());
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self';", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Matches(@"connect-src 'self' ws://localhost wss://localhost;", csp);
        Assert.Contains("media-src 'self' blob: mediastream:", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        var scripts = csp.Split(';').Single(d => d.Trim().StartsWith("script-src"));
        Assert.DoesNotContain("unsafe-inline", scripts);
    }

    [Fact]
    public async Task Hashed_assets_are_cached_immutably_and_missing_files_do_not_fall_back()
    {
        var asset = await _client.GetAsync("/assets/index-AbC123.js");
        Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
        Assert.Equal("public, max-age=31536000, immutable", asset.Headers.CacheControl?.ToString());

        var missing = await _client.GetAsync("/assets/gone-XyZ.js");
        Assert.NotEqual(HttpStatusCode.OK, missing.StatusCode);
    }

    [Theory]
    [InlineData("/api/projects")]
    [InlineData("/api/unknown/route")]
    [InlineData("/hubs/conference/negotiate")]
    public async Task Server_paths_keep_answering_401_problem_json_without_a_token(string path)
    {
        var response = await _client.GetAsync(path);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Health_openapi_and_metrics_still_answer()
    {
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/readyz")).StatusCode);
        var openapi = await _client.GetAsync("/openapi/v1.json");
        Assert.Equal("application/json", openapi.Content.Headers.ContentType?.MediaType);
    }
}

using System.Net;
using Conference.Server.Tests.Support;

namespace Conference.Server.Tests.WebApp;

/// <summary>
/// The gateway serves the browser app at / (from a web root with an index.html and a hashed asset): client routes
/// fall back to index.html, hashed assets are cached for good and sent precompressed when accepted, the CSP allows no inline script, and the server's
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
            File.WriteAllText(Path.Combine(root, "assets", "index-AbC123.js.br"), "brotli bytes");
            File.WriteAllText(Path.Combine(root, "assets", "index-AbC123.js.gz"), "gzip bytes");
            return root;
        }
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/projects/abc/board")]
    [InlineData("/rooms/xyz?invite=1")]
    [InlineData("/invite/r1/r1.1796649592.U_SnPj9vdaYj-BA3x6")] // an invite link: dots in the token are not a file extension
    public async Task Client_routes_answer_index_html_revalidated_with_a_strict_csp(string path)
    {
        var response = await GetOk(path, "text/html");

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
        var asset = await GetOk("/assets/index-AbC123.js", "text/javascript");
        Assert.Equal("public, max-age=31536000, immutable", asset.Headers.CacheControl?.ToString());
        Assert.Equal("console.log(1)", await asset.Content.ReadAsStringAsync());
        Assert.Empty(asset.Content.Headers.ContentEncoding);

        var missing = await _client.GetAsync("/assets/gone-XyZ.js");
        Assert.NotEqual(HttpStatusCode.OK, missing.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await _client.GetAsync("/assets/gone")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await _client.GetAsync("/robots.txt")).StatusCode);
    }

    [Theory]
    [InlineData("br, gzip", "br", "brotli bytes")]
    [InlineData("gzip, deflate", "gzip", "gzip bytes")]
    [InlineData("br;q=0, gzip", "gzip", "gzip bytes")]
    public async Task Assets_are_sent_precompressed_in_the_encoding_the_browser_accepts(string accept, string encoding, string body)
    {
        var asset = await GetOk("/assets/index-AbC123.js", "text/javascript", accept);

        Assert.Equal(encoding, asset.Content.Headers.ContentEncoding.Single());
        Assert.Contains("Accept-Encoding", asset.Headers.Vary);
        Assert.Equal("public, max-age=31536000, immutable", asset.Headers.CacheControl?.ToString());
        Assert.Equal(body, await asset.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_precompressed_variant_is_not_served_under_its_own_name()
    {
        var variant = await _client.GetAsync("/assets/index-AbC123.js.br");
        Assert.Equal(HttpStatusCode.NotFound, variant.StatusCode);
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
        await GetOk("/healthz");
        await GetOk("/readyz");
        await GetOk("/openapi/v1.json", "application/json");
    }

    /// <summary>GETs a path (with an Accept-Encoding when given) and checks it answered 200 with the media type when given.</summary>
    private async Task<HttpResponseMessage> GetOk(string path, string? mediaType = null, string? acceptEncoding = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (acceptEncoding is not null) request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        if (mediaType is not null) Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        return response;
    }
}

using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace Conference.Server.WebApp;

/// <summary>
/// The browser app (src/Conference.Web, built by the project's BuildWebApp target into wwwroot/ beside the
/// executable): static files at /, client routes fall back to index.html. Hashed assets under /assets are cached
/// for a year (their name changes with their content) and sent precompressed (brotli or gzip, made at build time);
/// index.html is revalidated on every load so a deploy shows at
/// once (Conference:WebApp:Root moves the folder). The server's own paths (/api, /hubs, /openapi, /metrics, /healthz, /readyz) never fall back.
/// </summary>
public static class WebAppHosting
{
    private static readonly string[] ServerPaths = ["/api", "/hubs", "/openapi", "/metrics", "/healthz", "/readyz"];

    /// <summary>Before authentication: the app's files are public (what they show comes from the authorized API).</summary>
    public static WebApplication UseConferenceWebApp(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<Hosting.ConferenceOptions>().IsGateway) return app;
        var root = app.Configuration["Conference:WebApp:Root"] is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(AppContext.BaseDirectory, "wwwroot");
        if (!File.Exists(Path.Combine(root, "index.html")))
        {
            app.Logger.LogInformation("No web app at {Root} (built without Node.js or with -p:BuildWebApp=false); serving the API only", root);
            return app;
        }
        var files = new PhysicalFileProvider(root);
        app.UsePrecompressedVariants(files);
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            ContentTypeProvider = PrecompressedFiles.ContentTypes,
            OnPrepareResponse = context =>
            {
                SetHeaders(context.Context, immutable: context.Context.Request.Path.StartsWithSegments("/assets"));
                PrecompressedFiles.SetEncodingHeaders(context.Context);
            },
        });
        var index = files.GetFileInfo("index.html");
        app.Use(async (context, next) =>
        {
            if (!IsClientRoute(context.Request))
            {
                await next(context);
                return;
            }
            SetHeaders(context, immutable: false);
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.SendFileAsync(index);
        });
        return app;
    }

    private static bool IsClientRoute(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        && !ServerPaths.Any(p => request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase))
        && !IsFileRequest(request.Path);

    /// <summary>
    /// A request for a file (a missing /assets/x.js is a 404, not the page): anything under /assets, or a name with
    /// a static file's extension. Not any dot: an invite link's token (/invite/{room}/{room}.{expiry}.{mac}) has dots.
    /// </summary>
    private static bool IsFileRequest(PathString path) =>
        path.StartsWithSegments("/assets", StringComparison.OrdinalIgnoreCase)
        || FileExtensions.Contains(Path.GetExtension(path.Value ?? ""));

    private static readonly HashSet<string> FileExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".js", ".mjs", ".css", ".map", ".html", ".json", ".txt", ".xml", ".webmanifest",
        ".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".woff", ".woff2", ".ttf", ".br", ".gz",
    };

    private static void SetHeaders(HttpContext context, bool immutable)
    {
        var headers = context.Response.Headers;
        headers.CacheControl = immutable ? "public, max-age=31536000, immutable" : "no-cache";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers[HeaderNames.ContentSecurityPolicy] = ContentSecurityPolicy(context.Request);
        headers["Permissions-Policy"] = "camera=(self), microphone=(self), display-capture=(self)";
    }

    /// <summary>
    /// What the app needs and no more: its own scripts (no inline script, no eval); inline styles (MUI/Emotion
    /// inject style elements); REST and the SignalR WebSocket on this origin; camera/microphone streams and
    /// downloaded attachments as blob:/mediastream: URLs; images from data: (icons) and blob:.
    /// </summary>
    public static string ContentSecurityPolicy(HttpRequest request)
    {
        var host = request.Host.Value;
        return string.Join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "media-src 'self' blob: mediastream:",
            "font-src 'self' data:",
            $"connect-src 'self' ws://{host} wss://{host}",
            "worker-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'");
    }
}

using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Conference.EndToEnd.Tests.Meetings;

/// <summary>
/// Serves the meeting test client (meeting.html and its scripts, from the source folder) on 127.0.0.1 at a free
/// port: a secure context for Chromium, so getUserMedia and getDisplayMedia work over plain HTTP. The page talks
/// to the Conference server directly (a WebSocket to /hubs/conference), never through this host.
/// </summary>
public sealed class MeetingPageHost : IAsyncDisposable
{
    private static readonly Dictionary<string, string> Files = new()
    {
        ["/"] = "meeting.html",
        ["/hub-connection.js"] = "hub-connection.js",
        ["/meeting.js"] = "meeting.js",
        ["/meeting-data.js"] = "meeting-data.js",
    };

    private readonly WebApplication _app;

    private MeetingPageHost(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<MeetingPageHost> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        foreach (var (path, file) in Files)
        {
            string type = file.EndsWith(".js", StringComparison.Ordinal) ? "text/javascript" : "text/html";
            // Read per request: edits to the page show up without rebuilding the tests.
            app.MapGet(path, async () => Results.Content(await File.ReadAllTextAsync(Path.Combine(MeetingFiles.PageFolder, file)),
                $"{type}; charset=utf-8"));
        }
        app.MapGet("/favicon.ico", () => Results.NoContent());
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new MeetingPageHost(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

using Conference.EndToEnd.Tests.Browser;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Conference.EndToEnd.Tests.Meetings;

/// <summary>
/// Serves the meeting test client (meeting.html and its scripts, from the source folder) on a <see cref="LoopbackWebHost"/>.
/// The page talks to the Conference server directly (a WebSocket to /hubs/conference), never through this host.
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

    private readonly LoopbackWebHost _host;

    private MeetingPageHost(LoopbackWebHost host) => _host = host;

    public Uri Address => _host.Address;

    public static async Task<MeetingPageHost> StartAsync() => new(await LoopbackWebHost.StartAsync(app =>
    {
        foreach (var (path, file) in Files)
        {
            string type = file.EndsWith(".js", StringComparison.Ordinal) ? "text/javascript" : "text/html";
            // Read per request: edits to the page show up without rebuilding the tests.
            app.MapGet(path, async () => Results.Content(await File.ReadAllTextAsync(Path.Combine(MeetingFiles.PageFolder, file)),
                $"{type}; charset=utf-8"));
        }
    }));

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}

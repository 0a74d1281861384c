using Microsoft.Playwright;

namespace Conference.EndToEnd.Tests.WebApp;

/// <summary>
/// Puts the test between a browser context and the hub's WebSockets (Playwright's WebSocket routing): it can close
/// them as a dropped network would, and refuse new ones until <see cref="Restore"/>.
/// </summary>
public sealed class HubSockets
{
    private readonly List<(IWebSocketRoute Page, IWebSocketRoute Server)> _open = [];
    private readonly Lock _gate = new();
    private volatile bool _down;
    private int _connections;

    public int Connections => _connections;

    public static async Task<HubSockets> RouteAsync(IBrowserContext context)
    {
        var sockets = new HubSockets();
        await context.RouteWebSocketAsync("**/hubs/conference**", ws =>
        {
            if (sockets._down)
            {
                _ = ws.CloseAsync(new() { Code = 1011, Reason = "network down (test)" });
                return;
            }
            var server = ws.ConnectToServer();
            Interlocked.Increment(ref sockets._connections);
            lock (sockets._gate) sockets._open.Add((ws, server));
        });
        return sockets;
    }

    /// <summary>Closes every open hub socket at both ends and refuses new ones.</summary>
    public async Task DropAsync()
    {
        _down = true;
        List<(IWebSocketRoute Page, IWebSocketRoute Server)> open;
        lock (_gate)
        {
            open = [.. _open];
            _open.Clear();
        }
        foreach (var (page, server) in open)
        {
            await server.CloseAsync(new() { Code = 1011, Reason = "network down (test)" });
            await page.CloseAsync(new() { Code = 1011, Reason = "network down (test)" });
        }
    }

    public void Restore() => _down = false;
}

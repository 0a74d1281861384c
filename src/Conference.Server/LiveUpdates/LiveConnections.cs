using Conference.LiveUpdates;
using Conference.Server.Auth;
using Microsoft.AspNetCore.SignalR;

namespace Conference.Server.LiveUpdates;

/// <summary>
/// A hub filter: every connection of a signed-in user hears that user's notifications (feed <c>user:{id}</c>) from
/// the moment it is connected, and gives back whatever it listened to when it closes.
/// </summary>
public sealed class LiveConnections(LiveEventRelay relay, ILogger<LiveConnections> logger) : IHubFilter
{
    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        await next(context);
        if (context.Context.User is not { Identity.IsAuthenticated: true } user) return;
        // Live notifications are a convenience: a connection (a meeting) never fails because they cannot be set up.
        try { await relay.Listen(context.Context.ConnectionId, LiveFeeds.User(Caller.From(user).UserId)); }
        catch (Exception ex) { logger.LogWarning(ex, "Live notifications are off for connection {Connection}", context.Context.ConnectionId); }
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        try
        {
            await next(context, exception);
        }
        finally
        {
            try { await relay.Forget(context.Context.ConnectionId); }
            catch (Exception ex) { logger.LogDebug(ex, "Could not release the live feeds of connection {Connection}", context.Context.ConnectionId); }
        }
    }
}

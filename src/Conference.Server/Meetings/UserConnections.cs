using Conference.Server.Auth;
using Microsoft.AspNetCore.SignalR;

namespace Conference.Server.Meetings;

/// <summary>
/// A hub filter that knows this gateway's open connections by account: it refuses a connection beyond
/// <see cref="ConferenceHubOptions.MaxConnectionsPerUser"/>, and closes every connection of an account whose role,
/// password or existence changed (<see cref="AccountStandings.Changed"/>), so it reconnects with its rights as they
/// are now (a deleted account or a stale password cannot).
/// </summary>
public sealed class UserConnections : IHubFilter, IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<HubCallerContext>> _byUser = new(StringComparer.Ordinal);
    private readonly AccountStandings _standings;
    private readonly ConferenceHubOptions _options;
    private readonly ILogger<UserConnections> _logger;

    public UserConnections(AccountStandings standings, ConferenceHubOptions options, ILogger<UserConnections> logger)
    {
        (_standings, _options, _logger) = (standings, options, logger);
        standings.Changed += Revoke;
    }

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        var userId = Caller.From(context.Context.User!).UserId;
        lock (_lock)
        {
            if (!_byUser.TryGetValue(userId, out var open)) _byUser[userId] = open = [];
            if (open.Count >= _options.MaxConnectionsPerUser)
            {
                // Only when two connections raced past the HTTP check (RefuseWhenFull); the close text is made plain
                // by HubErrorProtocol.
                _logger.LogInformation("Refused hub connection {Connection}: user {User} already has {Count}", context.Context.ConnectionId, userId, open.Count);
                Conference.Grains.Observability.ConferenceMetrics.RecordHubConnectionClosed("per_user_limit");
                throw new HubException(TooManyMessage);
            }
            open.Add(context.Context);
        }
        await next(context);
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        var userId = Caller.From(context.Context.User!).UserId;
        lock (_lock)
        {
            if (_byUser.TryGetValue(userId, out var open) && open.Remove(context.Context) && open.Count == 0) _byUser.Remove(userId);
        }
        await next(context, exception);
    }

    public string TooManyMessage => $"Too many connections for this account (at most {_options.MaxConnectionsPerUser}); close one first.";

    /// <summary>
    /// Refuses a hub request (negotiate or connect) of an account that already has its limit of open connections with
    /// 429 problem+json, before any handshake: the client learns the plain reason and nothing is logged as an error.
    /// </summary>
    public async Task RefuseWhenFull(HttpContext http, Func<Task> next)
    {
        if (http.User.Identity?.IsAuthenticated == true && Caller.From(http).UserId is var userId
            && CountFor(userId) is var open && open >= _options.MaxConnectionsPerUser)
        {
            _logger.LogInformation("Refused hub request of user {User}: {Count} connections open", userId, open);
            Conference.Grains.Observability.ConferenceMetrics.RecordHubConnectionClosed("per_user_limit");
            await Api.Problems.Status(StatusCodes.Status429TooManyRequests, "Too many connections", TooManyMessage).ExecuteAsync(http);
            return;
        }
        await next();
    }

    public int CountFor(string userId)
    {
        lock (_lock) return _byUser.TryGetValue(userId, out var open) ? open.Count : 0;
    }

    private void Revoke(string userId)
    {
        HubCallerContext[] open;
        lock (_lock) open = _byUser.TryGetValue(userId, out var list) ? [.. list] : [];
        if (open.Length > 0) _logger.LogInformation("Closing {Count} hub connections of user {User}: the account changed", open.Length, userId);
        foreach (var connection in open)
        {
            Conference.Grains.Observability.ConferenceMetrics.RecordHubConnectionClosed("account_changed");
            connection.Abort();
        }
    }

    public void Dispose() => _standings.Changed -= Revoke;
}

using Conference.LiveUpdates;
using Conference.Server.Meetings;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Conference.Server.LiveUpdates;

/// <summary>
/// This gateway's observer of the live feeds (projects watched, users' notifications) its connections listen to:
/// subscribed to a feed grain while at least one local connection listens, renewed before the subscription
/// expires, and forwarding each event to the feed's local SignalR group. Each gateway holds its own relay.
/// </summary>
public sealed class LiveEventRelay(IGrainFactory grains, IHubContext<ConferenceHub> hub, IOptions<LiveUpdatesOptions> options, ILogger<LiveEventRelay> logger)
    : ILiveObserver, IHostedService, IDisposable
{
    private readonly Lock _lock = new();
    // connection → the feeds it listens to, each with the check that may revoke it.
    private readonly Dictionary<string, Dictionary<string, LiveRevocation?>> _feedsOf = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _listeners = new(StringComparer.Ordinal);
    private ILiveObserver? _reference;
    private Timer? _renewal;

    public static string Group(string feed) => $"live:{feed}";

    public Task OnLiveEvent(LiveEvent liveEvent) =>
        hub.Clients.Group(Group(liveEvent.Feed)).SendAsync(liveEvent.Name, liveEvent.Payload);

    /// <summary>The feeds a connection listens to (for a per-connection limit).</summary>
    public int CountFor(string connectionId)
    {
        lock (_lock) return _feedsOf.TryGetValue(connectionId, out var feeds) ? feeds.Count : 0;
    }

    /// <summary>
    /// Starts forwarding <paramref name="feed"/> to the connection. Subscribing is idempotent and done on every
    /// listen, so the subscription is in place before this returns, whoever listened first. A <paramref name="revocation"/>
    /// is checked at every renewal: access lost since (removed from the project) ends the listening.
    /// </summary>
    public async Task Listen(string connectionId, string feed, LiveRevocation? revocation = null)
    {
        lock (_lock)
        {
            if (!_feedsOf.TryGetValue(connectionId, out var feeds)) _feedsOf[connectionId] = feeds = new(StringComparer.Ordinal);
            if (feeds.TryAdd(feed, revocation)) _listeners[feed] = _listeners.GetValueOrDefault(feed) + 1;
        }
        try
        {
            await grains.GetGrain<ILiveFeedGrain>(feed).Subscribe(Reference);
        }
        catch
        {
            await Stop(connectionId, feed);
            throw;
        }
        await hub.Groups.AddToGroupAsync(connectionId, Group(feed));
    }

    public async Task Stop(string connectionId, string feed)
    {
        bool last;
        lock (_lock)
        {
            if (!_feedsOf.TryGetValue(connectionId, out var feeds) || !feeds.Remove(feed)) return;
            last = Release(feed);
        }
        await hub.Groups.RemoveFromGroupAsync(connectionId, Group(feed));
        if (last) await Unsubscribe(feed);
    }

    /// <summary>The connection is gone (SignalR drops its groups itself): releases its feeds.</summary>
    public async Task Forget(string connectionId)
    {
        List<string> unused;
        lock (_lock)
        {
            if (!_feedsOf.Remove(connectionId, out var feeds)) return;
            unused = feeds.Keys.Where(Release).ToList();
        }
        foreach (var feed in unused) await Unsubscribe(feed);
    }

    // Under _lock: one listener fewer; true when it was the last one on this gateway.
    private bool Release(string feed)
    {
        var left = _listeners.GetValueOrDefault(feed) - 1;
        if (left > 0)
        {
            _listeners[feed] = left;
            return false;
        }
        _listeners.Remove(feed);
        return true;
    }

    private async Task Unsubscribe(string feed)
    {
        try { await grains.GetGrain<ILiveFeedGrain>(feed).Unsubscribe(Reference); }
        catch (Exception ex) { logger.LogDebug(ex, "Could not unsubscribe from live feed {Feed}; it expires on its own", feed); }
    }

    private ILiveObserver Reference => _reference ??= grains.CreateObjectReference<ILiveObserver>(this);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var period = options.Value.Renewal;
        _renewal = new Timer(_ => _ = Renew(), null, period, period);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_renewal is not null) await _renewal.DisposeAsync();
        if (Interlocked.Exchange(ref _reference, null) is { } reference)
        {
            try { grains.DeleteObjectReference<ILiveObserver>(reference); }
            catch (Exception ex) { logger.LogDebug(ex, "Live observer reference already released"); }
        }
    }

    /// <summary>Also repairs a subscription lost to an unsubscribe that overtook a concurrent listen.</summary>
    private async Task Renew()
    {
        await Recheck();
        string[] feeds;
        lock (_lock) feeds = [.. _listeners.Keys];
        foreach (var feed in feeds)
        {
            try { await grains.GetGrain<ILiveFeedGrain>(feed).Subscribe(Reference); }
            catch (Exception ex) { logger.LogWarning(ex, "Could not renew the subscription to live feed {Feed}", feed); }
        }
    }

    /// <summary>Ends the listening whose access was lost, and tells the connection why.</summary>
    private async Task Recheck()
    {
        List<(string Connection, string Feed, LiveRevocation Revocation)> checks;
        lock (_lock)
            checks = [.. _feedsOf.SelectMany(c => c.Value.Where(f => f.Value is not null).Select(f => (c.Key, f.Key, f.Value!)))];
        foreach (var (connection, feed, revocation) in checks)
        {
            try
            {
                if (await revocation.StillAllowed()) continue;
                await Stop(connection, feed);
                await hub.Clients.Client(connection).SendAsync(revocation.EventName, revocation.Payload);
            }
            catch (Exception ex) { logger.LogWarning(ex, "Could not recheck live feed {Feed} of connection {Connection}", feed, connection); }
        }
    }

    public void Dispose() => _renewal?.Dispose();
}

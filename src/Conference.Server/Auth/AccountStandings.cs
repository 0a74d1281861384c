using System.Collections.Concurrent;
using Conference.LiveUpdates;
using Conference.Server.LiveUpdates;
using Conference.Users;
using Microsoft.Extensions.Options;

namespace Conference.Server.Auth;

/// <summary>
/// The accounts as they are now, for authorization on every request: each gateway caches an account's standing
/// (role, credentials stamp, or gone) and drops it when the account's grain announces a change on the "accounts"
/// live feed, which every gateway's instance listens to. The cache entry's short lifetime is the safety net for an
/// announcement lost while a gateway was not subscribed. A dropped account's open hub connections are told through
/// <see cref="Changed"/>.
/// </summary>
public sealed class AccountStandings(IGrainFactory grains, AuthOptions auth, TimeProvider time, IOptions<LiveUpdatesOptions> live,
    ILogger<AccountStandings> logger) : ILiveObserver, IHostedService, IDisposable
{
    private const int Capacity = 100_000;
    private readonly ConcurrentDictionary<string, (AccountStanding? Standing, long FetchedAt)> _cache = new(StringComparer.Ordinal);
    private ILiveObserver? _reference;
    private Timer? _renewal;

    /// <summary>Raised with the user id when an account's role, password or existence changed.</summary>
    public event Action<string>? Changed;

    /// <summary>The account's standing, or null when it no longer exists.</summary>
    public async ValueTask<AccountStanding?> Get(string userId)
    {
        var now = time.GetTimestamp();
        if (_cache.TryGetValue(userId, out var cached) && time.GetElapsedTime(cached.FetchedAt, now) < auth.AccountRecheck)
            return cached.Standing;
        var standing = await grains.GetGrain<IUserGrain>(userId).GetStanding();
        if (_cache.Count >= Capacity) _cache.Clear();
        _cache[userId] = (standing, now);
        return standing;
    }

    /// <summary>Forgets what this gateway knew of the account and tells its listeners (local changes call this directly).</summary>
    public void Forget(string userId)
    {
        _cache.TryRemove(userId, out _);
        Changed?.Invoke(userId);
    }

    public Task OnLiveEvent(LiveEvent liveEvent)
    {
        if (liveEvent.Name == LiveFeeds.AccountChangedEvent && liveEvent.AccountId is { } userId) Forget(userId);
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _renewal = new Timer(_ => _ = Subscribe(), null, TimeSpan.Zero, live.Value.Renewal);
        return Task.CompletedTask;
    }

    // Subscribing is idempotent; renewing keeps the feed grain from expiring this gateway.
    private async Task Subscribe()
    {
        try
        {
            await grains.GetGrain<ILiveFeedGrain>(LiveFeeds.Accounts).Subscribe(_reference ??= grains.CreateObjectReference<ILiveObserver>(this));
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not subscribe to account changes; cached standings expire after {Recheck}", auth.AccountRecheck);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_renewal is not null) await _renewal.DisposeAsync();
        if (Interlocked.Exchange(ref _reference, null) is { } reference)
        {
            try { grains.DeleteObjectReference<ILiveObserver>(reference); }
            catch (Exception ex) { logger.LogDebug(ex, "Account observer reference already released"); }
        }
    }

    public void Dispose() => _renewal?.Dispose();
}

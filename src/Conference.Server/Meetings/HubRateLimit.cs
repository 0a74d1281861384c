using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.SignalR;

namespace Conference.Server.Meetings;

/// <summary>Per-connection token bucket on hub invocations: a flooding client is refused, the others are unaffected.</summary>
public sealed class HubRateLimit : IHubFilter
{
    private readonly ConcurrentDictionary<string, TokenBucketRateLimiter> _buckets = new(StringComparer.Ordinal);

    public int TokensPerSecond { get; init; } = 20;
    public int Burst { get; init; } = 40;

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext context, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var bucket = _buckets.GetOrAdd(context.Context.ConnectionId, _ => new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = Burst, TokensPerPeriod = TokensPerSecond, ReplenishmentPeriod = TimeSpan.FromSeconds(1), QueueLimit = 0,
        }));
        using var lease = bucket.AttemptAcquire();
        if (!lease.IsAcquired) throw new HubException("Too many requests on this connection; slow down.");
        return await next(context);
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        if (_buckets.TryRemove(context.Context.ConnectionId, out var bucket)) bucket.Dispose();
        await next(context, exception);
    }
}

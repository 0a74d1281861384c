using Conference.LiveUpdates;
using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace Conference.Grains.LiveUpdates;

/// <summary>Fans a feed's events out to the subscribed gateways; in memory only (see <see cref="ILiveFeedGrain"/>).</summary>
[Placement.RequiresRole("core")]
public sealed class LiveFeedGrain(ILogger<LiveFeedGrain> logger) : Grain, ILiveFeedGrain
{
    /// <summary>Gateways renew every minute; one that stopped renewing (crashed) is dropped after three.</summary>
    public static readonly TimeSpan ObserverExpiry = TimeSpan.FromMinutes(3);

    private readonly ObserverManager<ILiveObserver> _gateways = new(ObserverExpiry, logger);

    public Task Publish(LiveEvent liveEvent)
    {
        _gateways.Notify(gateway => gateway.OnLiveEvent(liveEvent));
        return Task.CompletedTask;
    }

    public Task Subscribe(ILiveObserver observer)
    {
        _gateways.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task Unsubscribe(ILiveObserver observer)
    {
        _gateways.Unsubscribe(observer);
        return Task.CompletedTask;
    }
}

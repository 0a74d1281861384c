namespace Conference.LiveUpdates;

/// <summary>
/// One live feed (key: <see cref="LiveFeeds"/>): the gateways holding a listening connection subscribe their
/// observer, and every published event goes to each of them. Nothing is stored: a client that was away reloads.
/// </summary>
[Alias("conference.ILiveFeedGrain")]
public interface ILiveFeedGrain : IGrainWithStringKey
{
    /// <summary>One-way: publishers never wait on the gateways.</summary>
    [OneWay, Alias("Publish")] Task Publish(LiveEvent liveEvent);

    /// <summary>Subscribes (or renews) a gateway; a subscription not renewed expires.</summary>
    [Alias("Subscribe")] Task Subscribe(ILiveObserver observer);

    [Alias("Unsubscribe")] Task Unsubscribe(ILiveObserver observer);
}

/// <summary>One per gateway process: forwards a feed's events to that gateway's own SignalR connections.</summary>
[Alias("conference.ILiveObserver")]
public interface ILiveObserver : IGrainObserver
{
    [OneWay, Alias("OnLiveEvent")] Task OnLiveEvent(LiveEvent liveEvent);
}

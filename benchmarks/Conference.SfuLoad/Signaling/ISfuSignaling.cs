namespace Conference.SfuLoad.Signaling;

/// <summary>
/// What the load generator needs from an SFU's signaling, so another SFU (e.g. Janus videoroom over its WebSocket API)
/// can be measured by the same publishers and subscribers: make a room, put participants in it, publish with an
/// offer of ours, subscribe by answering the SFU's offers. Media itself is always our own WebRTC stack.
/// </summary>
public interface ISfuSignaling : IAsyncDisposable
{
    /// <summary>Short name for reports ("conference", "janus").</summary>
    string Name { get; }

    /// <summary>Accounts, tokens, whatever the SFU needs before rooms can be made.</summary>
    Task PrepareAsync(CancellationToken cancel);

    Task<string> CreateRoomAsync(string name, CancellationToken cancel);

    Task<ISfuParticipant> JoinAsync(string roomId, string displayName, CancellationToken cancel);

    /// <summary>
    /// The SFU's own count of RTP packets sent to subscribers so far, when it exposes one (null otherwise): compared
    /// with what subscribers received, it tells loss in the SFU from loss on the way to (or inside) the generator.
    /// </summary>
    Task<long?> ForwardedPacketsAsync(CancellationToken cancel);

    /// <summary>The address our clients bind to (Janus pairs only with candidates on its own interface).</summary>
    System.Net.IPAddress ClientAddress => System.Net.IPAddress.Loopback;
}

/// <summary>One participant's signaling session in a room.</summary>
public interface ISfuParticipant : IAsyncDisposable
{
    string ParticipantId { get; }

    /// <summary>Announces the tracks of <paramref name="offerSdp"/> and sends it; returns the SFU's answer.</summary>
    Task<string> PublishAsync(string offerSdp, IReadOnlyList<PublishedTrackSpec> tracks, CancellationToken cancel);

    /// <summary>
    /// Opens the subscriber connection. <paramref name="answerOffer"/> gets the SFU's first offer and every re-offer
    /// (tracks coming and going), in order, and returns our answer, which this session sends back.
    /// </summary>
    Task SubscribeAsync(Func<string, string?> answerOffer, CancellationToken cancel);

    /// <summary>Re-offers answered so far (0 until tracks change after the first offer).</summary>
    int ReOffersAnswered { get; }

    /// <summary>The first signaling failure after setup (a refused answer, a dropped connection), if any.</summary>
    string? Failure { get; }

    Task LeaveAsync(CancellationToken cancel);
}

/// <summary>A track in a publisher offer: its kind, what it is (camera, microphone, screen) and its msid track id.</summary>
public sealed record PublishedTrackSpec(string Kind, string Source, string ClientTrackId);

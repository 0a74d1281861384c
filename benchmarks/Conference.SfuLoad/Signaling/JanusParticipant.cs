using System.Text.Json.Nodes;

namespace Conference.SfuLoad.Signaling;

/// <summary>One participant in a Janus videoroom: a publisher (joinandconfigure) or a subscriber (join + start).</summary>
internal sealed class JanusParticipant(JanusSession session, long room, string displayName) : ISfuParticipant
{
    private static readonly TimeSpan FeedsSettle = TimeSpan.FromMilliseconds(500);

    private string? _feed;

    public string ParticipantId => _feed ?? displayName;

    public int ReOffersAnswered => 0;

    public string? Failure => session.Failure;

    public async Task<string> PublishAsync(string offerSdp, IReadOnlyList<PublishedTrackSpec> tracks, CancellationToken cancel)
    {
        JsonObject reply = await session.MessageAsync(new JsonObject
        {
            ["request"] = "joinandconfigure", ["room"] = room, ["ptype"] = "publisher", ["display"] = displayName,
            ["audio"] = true, ["video"] = true, ["bitrate"] = 10_000_000,
        }, new JsonObject { ["type"] = "offer", ["sdp"] = offerSdp }, cancel);
        await session.TrickleCompletedAsync(cancel);
        if (reply["plugindata"]?["data"]?["id"] is { } id) _feed = id.ToString();
        return reply["jsep"]?["sdp"]?.GetValue<string>() ?? throw new InvalidOperationException($"Janus sent no answer: {reply.ToJsonString()}");
    }

    public async Task SubscribeAsync(Func<string, string?> answerOffer, CancellationToken cancel)
    {
        JsonArray streams = await PublishingFeedsAsync(cancel);
        JsonObject attached = await session.MessageAsync(new JsonObject
        {
            ["request"] = "join", ["room"] = room, ["ptype"] = "subscriber", ["streams"] = streams,
        }, null, cancel);
        string offer = attached["jsep"]?["sdp"]?.GetValue<string>() ?? throw new InvalidOperationException($"Janus sent no offer: {attached.ToJsonString()}");
        string answer = answerOffer(offer) ?? throw new InvalidOperationException("our client refused Janus's subscriber offer");
        await session.MessageAsync(new JsonObject { ["request"] = "start" }, new JsonObject { ["type"] = "answer", ["sdp"] = answer }, cancel);
        await session.TrickleCompletedAsync(cancel);
    }

    /// <summary>Every feed of the room that publishes, once their number stops growing (all publishers are up first).</summary>
    private async Task<JsonArray> PublishingFeedsAsync(CancellationToken cancel)
    {
        int last = -1;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            JsonObject data = await session.RequestAsync(new JsonObject { ["request"] = "listparticipants", ["room"] = room }, cancel);
            var feeds = (data["participants"] as JsonArray ?? [])
                .Where(p => p?["publisher"]?.GetValue<bool>() == true)
                .Select(p => p!["id"]!.GetValue<long>()).ToList();
            if (feeds.Count > 0 && (feeds.Count == last || DateTime.UtcNow > deadline))
            {
                return new JsonArray(feeds.Select(f => (JsonNode)new JsonObject { ["feed"] = f }).ToArray());
            }
            last = feeds.Count;
            await Task.Delay(FeedsSettle, cancel);
        }
    }

    public async Task LeaveAsync(CancellationToken cancel)
    {
        try
        {
            await session.RequestAsync(new JsonObject { ["request"] = "leave" }, cancel);
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or TaskCanceledException)
        {
            // best effort: the session is destroyed next anyway
        }
    }

    public ValueTask DisposeAsync() => session.DisposeAsync();
}

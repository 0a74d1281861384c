using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Conference.EndToEnd.Tests.Meetings;

/// <summary>
/// What a participant's subscriber connection received on one m-section (one forwarded track). Removed: the SFU's
/// offer stopped the section (port 0); Ended: the browser ended the receiver's track accordingly.
/// </summary>
public sealed record ReceivedTrack(
    string Mid, string? ParticipantId, string? TrackId, string? Kind, string? Source, bool Removed, long? RemovedAt, bool Ended,
    long? AddedAt, long? FirstFrameAt, long PacketsReceived, long FramesDecoded);

/// <summary>A data-channel message the page received on a subscriber channel the SFU opened (label kind/sender).</summary>
public sealed record DataMessage(string Label, string Sender, bool Reliable, bool Ordered, int? MaxRetransmits, string Kind,
    string? Text, long Size, long? Hash);

/// <summary>What a sender put on a channel: the text, or the size and FNV-1a hash of the binary pattern.</summary>
public sealed record SentData(string Kind, string? Text, long Size, long? Hash);

/// <summary>A hub event as the page saw it; <see cref="At"/> is the page's Date.now().</summary>
public sealed record SeenEvent(string Type, string? ParticipantId, string? TrackId, bool? Muted, string? Error, long At);

/// <summary>
/// One meeting participant: a Chromium page running meeting.html (the protocol client written from
/// docs/protocol.md), driven through <c>window.meeting</c>.
/// </summary>
public sealed class ChromiumParticipant : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly List<string> _console = [];

    private ChromiumParticipant(IPage page, ServerUser user)
    {
        Page = page;
        User = user;
        page.Console += (_, message) =>
        {
            lock (_console) _console.Add($"{message.Type}: {message.Text}");
        };
        page.PageError += (_, error) =>
        {
            lock (_console) _console.Add($"page error: {error}");
        };
    }

    public IPage Page { get; }
    public ServerUser User { get; }
    public string ParticipantId { get; private set; } = "";
    public bool Closed { get; private set; }

    /// <summary>What the page's join returned: participantId, participants (ids), iceServers, router.</summary>
    public JsonElement Joined { get; private set; }

    public string Console
    {
        get { lock (_console) return string.Join("\n", _console); }
    }

    public static async Task<ChromiumParticipant> OpenAsync(IBrowserContext browser, Uri pageAddress, ServerUser user)
    {
        var page = await browser.NewPageAsync();
        var participant = new ChromiumParticipant(page, user);
        await page.GotoAsync(pageAddress.ToString());
        return participant;
    }

    /// <summary>Joins, publishes camera + microphone (and the data channels), subscribes; options override the page's defaults.</summary>
    public async Task<JsonElement> JoinAsync(string hubUrl, string roomId, JsonObject? options = null)
    {
        var all = options ?? new JsonObject();
        all["hubUrl"] = hubUrl;
        all["token"] = User.AccessToken;
        all["roomId"] = roomId;
        var joined = await Page.EvaluateAsync<JsonElement>("o => meeting.join(JSON.parse(o))", all.ToJsonString());
        ParticipantId = joined.GetProperty("participantId").GetString()!;
        Joined = joined;
        return joined;
    }

    public async Task<IReadOnlyList<ReceivedTrack>> TracksAsync() =>
        (await Page.EvaluateAsync<JsonElement>("() => meeting.trackStats()")).Deserialize<ReceivedTrack[]>(Json)!;

    public async Task<IReadOnlyList<SeenEvent>> EventsAsync() =>
        (await Page.EvaluateAsync<JsonElement>("() => meeting.events")).Deserialize<SeenEvent[]>(Json)!;

    /// <summary>Waits until the subscriber connection (what the SFU sends this participant) is connected.</summary>
    public Task WaitForSubscriberAsync(TimeSpan timeout) =>
        Poll.UntilAsync(async () => (await Page.EvaluateAsync<JsonElement>("() => meeting.subscriber.state")).GetString(),
            state => state == "connected", timeout, $"{User.Name}'s subscriber connection to connect");

    public async Task<IReadOnlyList<DataMessage>> DataMessagesAsync() =>
        (await Page.EvaluateAsync<JsonElement>("() => meeting.dataMessages")).Deserialize<DataMessage[]>(Json)!;

    public async Task<SentData> SendTextAsync(string label, string text) =>
        await SendDataAsync(label, new JsonObject { ["text"] = text });

    /// <summary>Sends a deterministic byte pattern of that size (the page's pattern(size, seed)).</summary>
    public async Task<SentData> SendBinaryAsync(string label, int size, int seed) =>
        await SendDataAsync(label, new JsonObject { ["binarySize"] = size, ["seed"] = seed });

    private async Task<SentData> SendDataAsync(string label, JsonObject message) =>
        (await Page.EvaluateAsync<JsonElement>("([l, m]) => meeting.sendData(l, JSON.parse(m))",
            new object[] { label, message.ToJsonString() })).Deserialize<SentData>(Json)!;

    public async Task<IReadOnlyList<string>> ErrorsAsync() =>
        (await Page.EvaluateAsync<JsonElement>("() => meeting.errors")).Deserialize<string[]>(Json)!;

    public Task<JsonElement> EvaluateAsync(string expression, object? argument = null) =>
        Page.EvaluateAsync<JsonElement>(expression, argument);

    /// <summary>A hub call that never throws: `{ok, result}` or `{ok: false, error}` (the hub's message).</summary>
    public Task<JsonElement> CallAsync(string method, params object?[] arguments) =>
        Page.EvaluateAsync<JsonElement>("([m, args]) => meeting.call(m, ...JSON.parse(args))",
            new object[] { method, JsonSerializer.Serialize(arguments, Json) });

    /// <summary>Everything the page knows, for failure messages.</summary>
    public async Task<string> DescribeAsync()
    {
        if (Closed) return $"{User.Name}: page closed";
        try
        {
            var state = await Page.EvaluateAsync<JsonElement>(
                "async () => ({ participantId: meeting.participantId, tracks: await meeting.trackStats(), " +
                "subscriber: meeting.subscriber, publisher: meeting.publisher, errors: meeting.errors, log: meeting.log, " +
                "events: meeting.events.map(e => `${e.type} ${e.participantId ?? ''} ${e.trackId ?? ''}`) })");
            return $"{User.Name}: {state}\nconsole:\n{Console}";
        }
        catch (PlaywrightException e)
        {
            return $"{User.Name}: (page state unavailable: {e.Message})\nconsole:\n{Console}";
        }
    }

    /// <summary>Closes the page without leaving: the server sees the hub connection drop.</summary>
    public async Task CloseAsync()
    {
        if (Closed) return;
        Closed = true;
        await Page.CloseAsync();
    }

    public async ValueTask DisposeAsync() => await CloseAsync();
}

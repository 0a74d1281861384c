using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Conference.SfuLoad.Signaling;

/// <summary>
/// Janus VideoRoom (janus.plugin.videoroom, Janus 1.x multistream) over the Janus HTTP API: one Janus session per
/// participant, long-polled for its events. Rooms are created per step (bitrate raised so Janus's REMB does not cap
/// the synthetic publishers). Publishers <c>joinandconfigure</c> with our offer; subscribers <c>join</c> with every
/// publishing feed of the room as streams, answer Janus's offer and <c>start</c>. Janus cannot subscribe to feeds that do
/// not exist yet, so it runs publishers-first (the tool forces that order for Janus).
/// </summary>
public sealed class JanusSignaling(Uri url) : ISfuSignaling
{
    private readonly HttpClient _http = new() { BaseAddress = url, Timeout = TimeSpan.FromSeconds(60) };
    private JanusSession? _admin;
    private long _nextRoom = 1000;

    public string Name => "janus";

    /// <summary>Janus (libnice) never paired its candidate with one on another address here: clients sit on its address.</summary>
    public System.Net.IPAddress ClientAddress => System.Net.IPAddress.Parse(JanusProcess.MediaAddress);

    public async Task PrepareAsync(CancellationToken cancel)
    {
        // Janus may still be starting: its HTTP transport answers once it is up.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                _admin = await JanusSession.CreateAsync(_http, cancel);
                return;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(250, cancel);
            }
        }
    }

    public async Task<string> CreateRoomAsync(string name, CancellationToken cancel)
    {
        long room = Interlocked.Increment(ref _nextRoom);
        JsonObject data = await Admin.RequestAsync(new JsonObject
        {
            ["request"] = "create", ["room"] = room, ["description"] = name, ["publishers"] = 100,
            ["bitrate"] = 10_000_000, ["audiocodec"] = "opus", ["videocodec"] = "vp8", ["permanent"] = false,
        }, cancel);
        if (data["videoroom"]?.GetValue<string>() != "created") throw new InvalidOperationException($"Janus refused the room: {data.ToJsonString()}");
        return room.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<ISfuParticipant> JoinAsync(string roomId, string displayName, CancellationToken cancel) =>
        new JanusParticipant(await JanusSession.CreateAsync(_http, cancel), long.Parse(roomId, System.Globalization.CultureInfo.InvariantCulture), displayName);

    /// <summary>Janus has no counter of what it forwarded (its admin API has per-handle stats, not a total).</summary>
    public Task<long?> ForwardedPacketsAsync(CancellationToken cancel) => Task.FromResult<long?>(null);

    private JanusSession Admin => _admin ?? throw new InvalidOperationException("PrepareAsync first.");

    public async ValueTask DisposeAsync()
    {
        if (_admin is not null) await _admin.DisposeAsync();
        _http.Dispose();
    }
}

/// <summary>One Janus session with one videoroom handle, and the long poll that takes its events.</summary>
internal sealed class JanusSession : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly long _session, _handle;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonObject>> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _poll;
    private long _transaction;

    private JanusSession(HttpClient http, long session, long handle)
    {
        _http = http;
        _session = session;
        _handle = handle;
        _poll = Task.Run(PollAsync);
    }

    /// <summary>The first failure the long poll saw, if any.</summary>
    public string? Failure { get; private set; }

    public static async Task<JanusSession> CreateAsync(HttpClient http, CancellationToken cancel)
    {
        long session = (await Post(http, "janus", new JsonObject { ["janus"] = "create" }, cancel))["data"]!["id"]!.GetValue<long>();
        long handle = (await Post(http, $"janus/{session}", new JsonObject { ["janus"] = "attach", ["plugin"] = "janus.plugin.videoroom" }, cancel))
            ["data"]!["id"]!.GetValue<long>();
        return new JanusSession(http, session, handle);
    }

    /// <summary>A synchronous plugin request (create, listparticipants): the plugin's data.</summary>
    public async Task<JsonObject> RequestAsync(JsonObject body, CancellationToken cancel)
    {
        JsonObject reply = await Post(_http, $"janus/{_session}/{_handle}", new JsonObject { ["janus"] = "message", ["body"] = body }, cancel);
        return reply["plugindata"]?["data"] as JsonObject ?? throw new InvalidOperationException($"Janus: {reply.ToJsonString()}");
    }

    /// <summary>An asynchronous plugin request (join, start): the event that answers it (plugin data and jsep).</summary>
    public async Task<JsonObject> MessageAsync(JsonObject body, JsonObject? jsep, CancellationToken cancel)
    {
        string transaction = $"m{Interlocked.Increment(ref _transaction)}";
        var answered = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[transaction] = answered;
        var message = new JsonObject { ["janus"] = "message", ["body"] = body };
        if (jsep is not null) message["jsep"] = jsep;
        JsonObject ack = await Post(_http, $"janus/{_session}/{_handle}", message, cancel, transaction);
        if (ack["janus"]?.GetValue<string>() == "error") throw new InvalidOperationException($"Janus: {ack.ToJsonString()}");
        JsonObject reply = await answered.Task.WaitAsync(TimeSpan.FromSeconds(30), cancel);
        if (reply["plugindata"]?["data"]?["error"] is { } error) throw new InvalidOperationException($"Janus videoroom: {error}");
        return reply;
    }

    /// <summary>Our candidates are all in the SDP: tells Janus there are no more.</summary>
    public Task TrickleCompletedAsync(CancellationToken cancel) =>
        Post(_http, $"janus/{_session}/{_handle}", new JsonObject { ["janus"] = "trickle", ["candidate"] = new JsonObject { ["completed"] = true } }, cancel);

    private async Task PollAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                // Long poll: Janus holds it up to 30 s and answers with up to 10 events; it also keeps the session alive.
                var events = await _http.GetFromJsonAsync<JsonNode>($"janus/{_session}?maxev=10", _stop.Token);
                foreach (JsonNode? e in events is JsonArray array ? array : [events])
                {
                    if (e is JsonObject o && o["transaction"]?.GetValue<string>() is { } t && o["janus"]?.GetValue<string>() == "event"
                        && _pending.TryRemove(t, out var waiter))
                    {
                        waiter.TrySetResult(o);
                    }
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or System.Text.Json.JsonException or TaskCanceledException)
            {
                Failure ??= $"Janus long poll: {ex.Message}";
                await Task.Delay(200);
            }
        }
    }

    private static async Task<JsonObject> Post(HttpClient http, string path, JsonObject body, CancellationToken cancel, string? transaction = null)
    {
        body["transaction"] = transaction ?? Guid.NewGuid().ToString("N");
        using var response = await http.PostAsJsonAsync(path, body, cancel);
        response.EnsureSuccessStatusCode();
        var reply = await response.Content.ReadFromJsonAsync<JsonObject>(cancel) ?? throw new InvalidOperationException("Janus sent no body");
        if (reply["janus"]?.GetValue<string>() == "error") throw new InvalidOperationException($"Janus: {reply.ToJsonString()}");
        return reply;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Post(_http, $"janus/{_session}", new JsonObject { ["janus"] = "destroy" }, CancellationToken.None);
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or TaskCanceledException)
        {
            // Janus is gone or the session timed out: nothing left to destroy.
        }
        await _poll;
        _stop.Dispose();
    }
}

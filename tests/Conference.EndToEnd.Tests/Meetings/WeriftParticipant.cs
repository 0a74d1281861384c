using System.Text.Json;
using System.Text.Json.Nodes;
using Conference.EndToEnd.Tests.Werift;

namespace Conference.EndToEnd.Tests.Meetings;

/// <summary>
/// A meeting participant on werift (tests/interop/meeting-client.mjs in a node child process): joins through the
/// hub, publishes (relaying the first camera and microphone it receives), subscribes. Driven by JSON lines
/// (<see cref="NodeScript"/>); stopped on dispose.
/// </summary>
public sealed class WeriftParticipant : IAsyncDisposable
{
    private readonly NodeScript _script;

    private WeriftParticipant(NodeScript script) => _script = script;

    public JsonEventLog Events => _script.Events;
    public string ParticipantId { get; private set; } = "";
    public string Diagnostics => _script.Diagnostics;

    // Node 20 has a global WebSocket only behind this flag.
    public static WeriftParticipant Start() =>
        new(NodeScript.Start("--experimental-websocket", "--no-warnings", "meeting-client.mjs"));

    public async Task JoinAsync(string hubUrl, ServerUser user, string roomId, TimeSpan timeout)
    {
        await SendAsync(new JsonObject { ["cmd"] = "join", ["hubUrl"] = hubUrl, ["token"] = user.AccessToken, ["roomId"] = roomId });
        var joined = await _script.ExpectAsync("joined", timeout, "werift to join");
        ParticipantId = joined.GetProperty("participantId").GetString()!;
    }

    public Task SendTextAsync(string label, string text) =>
        SendAsync(new JsonObject { ["cmd"] = "dcSend", ["label"] = label, ["text"] = text });

    public Task SendBinaryAsync(string label, byte[] data) =>
        SendAsync(new JsonObject { ["cmd"] = "dcSend", ["label"] = label, ["binary"] = Convert.ToBase64String(data) });

    /// <summary>Waits for a stats event where the subscriber section of that sender and kind received more than <paramref name="packets"/>.</summary>
    public Task<JsonElement> WaitForPacketsAsync(string senderParticipantId, string kind, long packets, TimeSpan timeout) =>
        Events.WaitForAsync(e => Type(e) == "stats" && e.GetProperty("tracks").EnumerateArray().Any(t =>
                t.GetProperty("participantId").GetString() == senderParticipantId && t.GetProperty("kind").GetString() == kind
                && t.GetProperty("packets").GetInt64() > packets),
            timeout, $"werift to receive over {packets} {kind} packets from {senderParticipantId}");

    public IReadOnlyList<string> Errors => _script.Errors;

    public static string? Type(JsonElement e) => NodeScript.Type(e);

    private Task SendAsync(JsonObject command) => _script.SendAsync(command);

    public ValueTask DisposeAsync() => _script.DisposeAsync();
}

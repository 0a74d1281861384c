using System.Text.Json;
using System.Text.Json.Nodes;

namespace Conference.EndToEnd.Tests.Werift;

/// <summary>
/// A werift 0.25.2 offerer (or answerer) in a node child process (tests/interop/werift-peer.mjs), driven over JSON lines
/// (<see cref="NodeScript"/>). Stopped on dispose; its stderr is kept for failure messages.
/// </summary>
public sealed class WeriftPeer : IAsyncDisposable
{
    private readonly NodeScript _script;

    private WeriftPeer(NodeScript script) => _script = script;

    public JsonEventLog Events => _script.Events;
    public int ProcessId => _script.ProcessId;
    public string Diagnostics => _script.Diagnostics;

    /// <param name="answering">werift waits for our offer (<see cref="AnswerAsync"/>) instead of offering.</param>
    /// <param name="sendOnly">As offerer, its audio and video transceivers are sendonly (like an SFU's subscriber offer).</param>
    public static WeriftPeer Start(bool answering = false, bool sendOnly = false)
    {
        string[] arguments = answering ? ["werift-peer.mjs", "answer"] : sendOnly ? ["werift-peer.mjs", "sendonly"] : ["werift-peer.mjs"];
        return new WeriftPeer(NodeScript.Start(arguments));
    }

    public async Task<string> WaitForOfferAsync(TimeSpan timeout)
    {
        var offer = await _script.ExpectAsync("offer", timeout, "werift's offer");
        return offer.GetProperty("sdp").GetString()!;
    }

    /// <summary>Answerer mode: hands werift our offer and returns its answer.</summary>
    public async Task<string> AnswerAsync(string offerSdp, TimeSpan timeout)
    {
        await SendAsync(new JsonObject { ["cmd"] = "offer", ["sdp"] = offerSdp });
        var answer = await _script.ExpectAsync("answer", timeout, "werift's answer");
        return answer.GetProperty("sdp").GetString()!;
    }

    /// <summary>Renegotiation: werift adds a sendonly <paramref name="kind"/> track (RTP to it via <see cref="SendRtpAsync"/> with
    /// <paramref name="name"/> as kind) and returns its new offer, the <paramref name="offerNumber"/>-th it printed.</summary>
    public async Task<string> AddTrackAsync(string kind, string name, int offerNumber, TimeSpan timeout)
    {
        await SendAsync(new JsonObject { ["cmd"] = "addTrack", ["kind"] = kind, ["name"] = name });
        var offers = await Events.WaitForCountAsync(e => Type(e) == "offer", offerNumber, timeout, $"werift's offer #{offerNumber}");
        return offers[offerNumber - 1].GetProperty("sdp").GetString()!;
    }

    /// <summary>Waits until werift reports its peer connection "connected".</summary>
    public Task WaitConnectedAsync(TimeSpan timeout) =>
        Events.WaitForAsync(e => Type(e) == "state" && e.GetProperty("state").GetString() == "connected", timeout, "werift connected");

    public Task SetAnswerAsync(string sdp) => SendAsync(new JsonObject { ["cmd"] = "answer", ["sdp"] = sdp });

    public Task SendRtpAsync(string kind, ushort sequenceNumber, uint timestamp, bool marker, byte[] payload) =>
        SendAsync(new JsonObject
        {
            ["cmd"] = "sendRtp",
            ["kind"] = kind,
            ["seq"] = sequenceNumber,
            ["ts"] = timestamp,
            ["marker"] = marker,
            ["payload"] = Convert.ToBase64String(payload),
        });

    public Task SendTextAsync(string label, string text) =>
        SendAsync(new JsonObject { ["cmd"] = "dcSend", ["label"] = label, ["text"] = text });

    public Task SendBinaryAsync(string label, byte[] data) =>
        SendAsync(new JsonObject { ["cmd"] = "dcSend", ["label"] = label, ["binary"] = Convert.ToBase64String(data) });

    public static string? Type(JsonElement e) => NodeScript.Type(e);

    /// <summary>Errors werift reported (a failed command, a bad line); empty when all went well.</summary>
    public IReadOnlyList<string> Errors => _script.Errors;

    private Task SendAsync(JsonObject command) => _script.SendAsync(command);

    public ValueTask DisposeAsync() => _script.DisposeAsync();
}

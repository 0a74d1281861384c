using System.Text.Json;
using System.Threading.Channels;
using Conference.Media.Peer;
using Conference.Rooms;
using Conference.Server.Tests.Support;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Conference.Server.Tests.Meetings;

/// <summary>
/// Bad media signaling through the hub (issue #4, "Proof"): garbage SDP, an offer without a DTLS fingerprint, an
/// unknown room, malformed candidates, a candidate for another participant's ICE session, a stale subscriber
/// answer and calls before joining each get a hub error
/// that says what is wrong, and the room goes on working for everyone (docs/protocol.md).
/// </summary>
public sealed class MediaSignalingErrorTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private Task<HubConnection> Connect(string token, Channel<RoomEvent>? events = null) =>
        factory.ConnectHub(() => Task.FromResult<string?>(token),
            hub => hub.On<RoomEvent>(RoomEventTypes.TrackPublished, e => events?.Writer.TryWrite(e)));

    private async Task<string> Room() =>
        (await factory.CreateAdminClient().Create("/api/rooms", """{"name":"Signaling errors"}""")).Id();

    [Fact]
    public async Task Media_calls_before_joining_are_refused_and_an_unknown_room_is_not_found()
    {
        await using var hub = await Connect(await factory.AdminToken());
        await using var client = WebRtcClientPeer.Create();
        string offer = client.CreateOffer(new ClientOfferOptions { DataChannel = false }.WithAudio(0x1001));

        var refusals = new[]
        {
            await Refused(() => hub.InvokeAsync<string>("PublishOffer", offer)),
            await Refused(() => hub.InvokeAsync("PublisherCandidate", "candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host")),
            await Refused(() => hub.InvokeAsync<JsonElement>("Subscribe")),
            await Refused(() => hub.InvokeAsync("SubscriberAnswer", 1, "v=0")),
            await Refused(() => hub.InvokeAsync("SubscriberCandidate", "candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host")),
        };
        var unknown = await Refused(() => hub.InvokeAsync<JsonElement>("Join", "no-such-room"));

        Assert.All(refusals, message => Assert.Contains("Join a room first", message));
        Assert.Contains("Room 'no-such-room' was not found", unknown);
    }

    [Fact]
    public async Task Bad_offers_candidates_and_answers_get_clear_errors_and_the_room_keeps_working()
    {
        string roomId = await Room();
        string token = await factory.AdminToken();
        await using var first = await Connect(token);
        await first.InvokeAsync<JsonElement>("Join", roomId);
        await using var client = WebRtcClientPeer.Create();
        string offer = client.CreateOffer(new ClientOfferOptions { DataChannel = false }.WithAudio(0x2001).WithVideo(0x2002));

        string garbage = await Refused(() => first.InvokeAsync<string>("PublishOffer", "this is not SDP"));
        string empty = await Refused(() => first.InvokeAsync<string>("PublishOffer", ""));
        string noFingerprint = await Refused(() => first.InvokeAsync<string>("PublishOffer", WithoutFingerprint(offer)));

        // A good offer still works after the bad ones; then bad candidates on that connection are refused.
        string answer = await first.InvokeAsync<string>("PublishOffer", offer);
        string[] badCandidates =
        [
            "candidate:garbage",
            "candidate:1 1 udp notanumber 127.0.0.1 50000 typ host",
            "candidate:1 1 udp 2122260223 127.0.0.1 99999 typ host",
            "candidate:1 1 udp 2122260223 127.0.0.1 50000 typ",
            "candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host generation",
        ];
        var candidateErrors = new List<string>();
        foreach (string candidate in badCandidates)
            candidateErrors.Add(await Refused(() => first.InvokeAsync("PublisherCandidate", candidate)));

        // The subscriber connection: a stale revision and a garbage answer are refused; the right one is taken.
        var subscription = await first.InvokeAsync<JsonElement>("Subscribe");
        string subscriberOffer = subscription.GetProperty("sdp").GetString()!;
        int revision = subscription.GetProperty("revision").GetInt32();
        string subscriberAnswer = AnswerTo(subscriberOffer);
        string stale = await Refused(() => first.InvokeAsync("SubscriberAnswer", revision - 1, subscriberAnswer));
        string future = await Refused(() => first.InvokeAsync("SubscriberAnswer", revision + 1, subscriberAnswer));
        string badAnswer = await Refused(() => first.InvokeAsync("SubscriberAnswer", revision, "garbage"));
        string badSubscriberCandidate = await Refused(() => first.InvokeAsync("SubscriberCandidate", "candidate:garbage"));
        await first.InvokeAsync("SubscriberAnswer", revision, subscriberAnswer);

        // The room is intact: someone else joins and sees the first participant; what they publish reaches the first.
        var events = Channel.CreateUnbounded<RoomEvent>();
        await using var second = await Connect(token);
        await using var observer = await Connect(token, events);
        await observer.InvokeAsync<JsonElement>("Join", roomId);
        var joined = await second.InvokeAsync<JsonElement>("Join", roomId);

        // A candidate naming another participant's ICE session (RFC 8840 ufrag) is refused; one naming our own is taken.
        await using var secondClient = WebRtcClientPeer.Create();
        string secondOffer = secondClient.CreateOffer(new ClientOfferOptions { DataChannel = false }.WithAudio(0x3001));
        await second.InvokeAsync<string>("PublishOffer", secondOffer);
        const string hostCandidate = "candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host generation 0 ufrag ";
        string foreign = await Refused(() => first.InvokeAsync("PublisherCandidate", hostCandidate + Ufrag(secondOffer)));
        await first.InvokeAsync("PublisherCandidate", hostCandidate + Ufrag(offer));

        var camera = await second.InvokeAsync<PublishedTrack>("PublishTrack", new { kind = "video", source = "camera" });
        var published = await events.Reader.ReadAsync().AsTask().WaitAsync(Wait);

        Assert.Contains("sdp", garbage, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("sdp", empty, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("fingerprint", noFingerprint, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("a=ice-lite", answer);
        Assert.All(candidateErrors, message => Assert.Contains("candidate", message, StringComparison.OrdinalIgnoreCase));
        Assert.Contains("another ICE session", foreign);
        Assert.Contains("revision", stale, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("revision", future, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("sdp", badAnswer, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("candidate", badSubscriberCandidate, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(3, joined.GetProperty("participants").GetArrayLength());
        Assert.Equal(camera.TrackId, published.Track!.TrackId);
    }

    /// <summary>The hub error's text (the test fails if the call succeeds or fails some other way).</summary>
    [Fact]
    public async Task Receive_quality_reports_are_counted_and_bad_ones_name_the_field()
    {
        await using var hub = await Connect(await factory.AdminToken());
        string beforeJoin = await Refused(() => hub.InvokeAsync("ReportReceiveQuality", new { freezes = 1, freezeSeconds = 0.5 }));
        await hub.InvokeAsync<JsonElement>("Join", await Room());

        long freezes = 0;
        double seconds = 0;
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name is "conference.meetings.client_freezes" or "conference.meetings.client_freeze_duration") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref freezes, value));
        listener.SetMeasurementEventCallback<double>((_, value, _, _) => seconds += value);
        listener.Start();

        await hub.InvokeAsync("ReportReceiveQuality", new { freezes = 2, freezeSeconds = 1.25 });
        await hub.InvokeAsync("ReportReceiveQuality", new { freezes = 0, freezeSeconds = 0.0 });
        string[] errors =
        [
            await Refused(() => hub.InvokeAsync("ReportReceiveQuality", new { freezes = -1, freezeSeconds = 0.0 })),
            await Refused(() => hub.InvokeAsync("ReportReceiveQuality", new { freezeSeconds = 1.0 })),
            await Refused(() => hub.InvokeAsync("ReportReceiveQuality", new { freezes = 1, freezeSeconds = -0.5 })),
            await Refused(() => hub.InvokeAsync("ReportReceiveQuality", new { freezes = 1, freezeSeconds = 1e9 })),
            await Refused(() => hub.InvokeAsync("ReportReceiveQuality", new { freezes = 1 })),
        ];

        Assert.Contains("Join a room first", beforeJoin);
        Assert.Equal(2, Interlocked.Read(ref freezes));
        Assert.Equal(1.25, seconds, 3);
        Assert.Contains("'freezes'", errors[0]);
        Assert.Contains("'freezes'", errors[1]);
        Assert.All(errors[2..], e => Assert.Contains("'freezeSeconds'", e));
    }

    [Fact]
    public async Task A_subscriber_answer_of_a_big_room_is_read_not_dropped_with_the_connection()
    {
        // A browser's answer for a room of 40 publishers (80 tracks, ~0.5–1 KB each) is well over SignalR's 32 KB default.
        string roomId = await Room();
        await using var hub = await Connect(await factory.AdminToken());
        await hub.InvokeAsync<JsonElement>("Join", roomId);
        var subscription = await hub.InvokeAsync<JsonElement>("Subscribe");
        int revision = subscription.GetProperty("revision").GetInt32();
        string big = "v=0\r\n" + string.Concat(Enumerable.Repeat("a=x-padding:" + new string('p', 988) + "\r\n", 80));
        Assert.True(big.Length > 64 * 1024);

        string error = await Refused(() => hub.InvokeAsync("SubscriberAnswer", revision + 1, big)); // read and answered, not a closed connection
        Assert.Contains("revision", error, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HubConnectionState.Connected, hub.State);
        await hub.InvokeAsync<JsonElement>("Subscribe"); // and the connection goes on
    }

    private static async Task<string> Refused(Func<Task> call) => (await Assert.ThrowsAsync<HubException>(call)).Message;

    private static string Ufrag(string sdp) =>
        sdp.Split("\r\n").First(line => line.StartsWith("a=ice-ufrag:", StringComparison.Ordinal))["a=ice-ufrag:".Length..];

    private static string WithoutFingerprint(string sdp) =>
        string.Join("\r\n", sdp.Split("\r\n").Where(line => !line.StartsWith("a=fingerprint:", StringComparison.Ordinal)));

    /// <summary>
    /// A well-formed answer to the SFU's subscriber offer as a browser would make it (RFC 8829 §5.3): our own ICE
    /// credentials and fingerprint, DTLS client, every sendonly section received; no candidates (the SFU is ICE-lite).
    /// </summary>
    private static string AnswerTo(string offer)
    {
        var lines = new List<string>();
        foreach (string line in offer.Split("\r\n", StringSplitOptions.RemoveEmptyEntries))
        {
            if (line is "a=ice-lite" or "a=end-of-candidates" || line.StartsWith("a=candidate:", StringComparison.Ordinal)) continue;
            lines.Add(line switch
            {
                _ when line.StartsWith("a=ice-ufrag:", StringComparison.Ordinal) => "a=ice-ufrag:test",
                _ when line.StartsWith("a=ice-pwd:", StringComparison.Ordinal) => "a=ice-pwd:testpasswordtestpassword",
                _ when line.StartsWith("a=fingerprint:", StringComparison.Ordinal) =>
                    "a=fingerprint:sha-256 " + string.Join(":", Enumerable.Range(0, 32).Select(i => i.ToString("X2"))),
                "a=setup:actpass" => "a=setup:active",
                "a=sendonly" => "a=recvonly",
                _ => line,
            });
        }
        return string.Join("\r\n", lines) + "\r\n";
    }
}

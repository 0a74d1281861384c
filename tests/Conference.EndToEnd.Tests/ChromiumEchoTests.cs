using System.Diagnostics;
using System.Text.Json;
using Conference.EndToEnd.Tests.Browser;
using Conference.Media.Dtls;
using Conference.Media.Peer;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Conference.EndToEnd.Tests;

/// <summary>
/// Chromium 156 offers its fake camera and microphone and a data channel to POST /offer; MediaEngine answers and
/// echoes everything back. Chromium must decode the echoed VP8 and receive the echoed opus. As DTLS server we
/// meet Chromium's ClientHello offering DTLS 1.3 and 1.2 and must settle on 1.2. With trickle, the offer goes
/// out before gathering and Chromium's candidates follow one by one (as they would over SignalR).
/// </summary>
[Trait("Category", "Browser")]
[Trait("Category", "Interop")]
public sealed class ChromiumEchoTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    // The initial keyframe is never echoed: Chromium decodes only after its PLI/FIR reached its own encoder.
    private const int DroppedVideoFrames = 5;

    [LoopbackNamespaceTheory]
    [InlineData(DtlsRole.Server, false, "video/VP8")]
    [InlineData(DtlsRole.Client, false, "video/VP8")]
    [InlineData(DtlsRole.Server, true, "video/VP8")]
    [InlineData(DtlsRole.Server, false, "video/H264")]
    [InlineData(DtlsRole.Client, false, "video/VP9")]
    [InlineData(DtlsRole.Server, false, "video/AV1")]
    public async Task Chromium_decodes_echoed_video_receives_echoed_audio_and_gets_its_messages_back(DtlsRole role, bool trickle, string videoCodec)
    {
        await using var engine = MediaEngine.Start(new MediaEngineOptions());
        var peers = new List<WebRtcPeer>();
        MediaEcho? echo = null;
        await using var host = await TestPageHost.StartAsync("echo.html", offer =>
        {
            if (!engine.TryAcceptOffer(offer, new PeerOptions { Role = role }, out var peer, out var answer, out var error))
                throw new InvalidOperationException(error);
            lock (peers) peers.Add(peer);
            echo = MediaEcho.Attach(peer, DroppedVideoFrames);
            return answer;
        }, candidate =>
        {
            WebRtcPeer peer;
            lock (peers) peer = peers.Single();
            if (!peer.TryAddRemoteCandidate(candidate, out var error)) throw new InvalidOperationException(error);
        });
        await using var chromium = await ChromiumBrowser.LaunchAsync();
        var page = await chromium.Context.NewPageAsync();
        var console = new List<string>();
        page.Console += (_, message) => { lock (console) console.Add(message.Text); };
        try
        {
            await page.GotoAsync(host.Address.ToString());
            var clock = Stopwatch.StartNew();

            var call = await page.EvaluateAsync<JsonElement>("([trickle, codec]) => startCall(trickle, codec)", new object[] { trickle, videoCodec });
            var peer = Assert.Single(peers);
            await peer.Connected.WaitAsync(Timeout);
            output.WriteLine($"{role}: Chromium connected after {clock.ElapsedMilliseconds} ms");
            Assert.Contains(role == DtlsRole.Server ? "a=setup:passive" : "a=setup:active", call.GetProperty("answer").GetString());
            AssertTrickled(call, trickle, role);
            await AssertDtls12Async(page, role);
            await AssertEchoedMediaAsync(page, echo!, role, clock, videoCodec);
            await AssertMessagesEchoedAsync(page, role, clock);
        }
        finally
        {
            lock (console) output.WriteLine($"--- page console ---\n{string.Join('\n', console)}");
            output.WriteLine($"engine counters: {engine.Counters}");
            foreach (var peer in peers) await peer.DisposeAsync();
        }
    }

    private void AssertTrickled(JsonElement call, bool trickle, DtlsRole role)
    {
        var trickled = call.GetProperty("trickled").EnumerateArray().ToArray();
        output.WriteLine($"{role}: trickled {trickled.Length} candidates: {call.GetProperty("trickled")}");
        if (!trickle)
        {
            Assert.Empty(trickled);
            return;
        }
        // Chromium's own candidate lines (with its extensions: generation, ufrag, network-id) and the end marker.
        Assert.Contains(trickled, c => c.GetProperty("candidate").GetString()!.StartsWith("candidate:", StringComparison.Ordinal));
        Assert.Contains(trickled, c => c.GetProperty("candidate").GetString() == "");
        Assert.All(trickled, c => Assert.Equal(204, c.GetProperty("status").GetInt32()));
    }

    // Chromium offers DTLS 1.3 and 1.2 (as client it lists both in supported_versions): 1.2 is what we speak.
    private async Task AssertDtls12Async(IPage page, DtlsRole role)
    {
        var transport = await page.EvaluateAsync<JsonElement>("transportStats()");
        output.WriteLine($"{role}: transport {transport}");
        Assert.Equal("connected", transport.GetProperty("dtlsState").GetString());
        Assert.Equal("FEFD", transport.GetProperty("tlsVersion").GetString());
        Assert.Equal(role == DtlsRole.Server ? "client" : "server", transport.GetProperty("dtlsRole").GetString());
    }

    private async Task AssertEchoedMediaAsync(IPage page, MediaEcho echo, DtlsRole role, Stopwatch clock, string videoCodec)
    {
        var media = await page.EvaluateAsync<JsonElement>("waitForMedia(10, 10, 15000)");
        output.WriteLine($"{role}: media after {clock.ElapsedMilliseconds} ms: {media}; echoed {echo.RtpEchoed} RTP, " +
            $"{echo.FeedbackTranslated} feedback packets, dropped {echo.VideoPacketsDropped} video packets");
        Assert.Contains(videoCodec, media.GetProperty("codecs").EnumerateArray().Select(c => c.GetString()), StringComparer.OrdinalIgnoreCase);
        Assert.True(media.GetProperty("framesDecoded").GetInt32() > 10, $"Chromium decoded too few echoed frames: {media}");
        Assert.True(media.GetProperty("audioPacketsReceived").GetInt32() > 10, $"Chromium received too little echoed audio: {media}");
        Assert.True(echo.VideoPacketsDropped > 0);
        Assert.True(echo.FeedbackTranslated > 0, "no keyframe request was translated, yet Chromium decoded without the first keyframe?");
    }

    private async Task AssertMessagesEchoedAsync(IPage page, DtlsRole role, Stopwatch clock)
    {
        var echoes = await page.EvaluateAsync<JsonElement>(
            "echoMessages([{ text: 'hello ünïcödé ✓' }, { binarySize: 1000 }, { binarySize: 102400 }, { text: 'bye' }], 20000)");
        output.WriteLine($"{role}: data channel after {clock.ElapsedMilliseconds} ms: {echoes}");
        Assert.Equal(4, echoes.GetArrayLength());
        Assert.All(echoes.EnumerateArray(), e => Assert.True(e.GetProperty("ok").GetBoolean(), $"echo differs: {e}"));

        // A burst well past SCTP's initial windows (RFC 9260 §7.2.1): 4 MiB in 64 KiB and 200 KiB messages, all
        // queued at once by Chromium and echoed while more arrive. Order and bytes must survive.
        var burst = await page.EvaluateAsync<JsonElement>(
            "echoMessages([...Array(48).fill({ binarySize: 65536 }), ...Array(5).fill({ binarySize: 204800 })], 60000)");
        Assert.Equal(53, burst.GetArrayLength());
        Assert.All(burst.EnumerateArray(), e => Assert.True(e.GetProperty("ok").GetBoolean(), $"echo differs: {e}"));
        output.WriteLine($"{role}: 4 MiB burst echoed by {clock.ElapsedMilliseconds} ms");

        // Closing resets the SCTP streams (RFC 8831 §6.7); the next channel may reuse the id and must work.
        var reopened = await page.EvaluateAsync<JsonElement>("closeAndReopen(20000)");
        output.WriteLine($"{role}: closed and reopened by {clock.ElapsedMilliseconds} ms: {reopened}");
        Assert.True(reopened.GetProperty("echo").GetProperty("ok").GetBoolean(), $"no echo after reopening: {reopened}");
    }
}

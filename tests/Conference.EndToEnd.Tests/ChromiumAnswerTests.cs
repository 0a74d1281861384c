using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Conference.EndToEnd.Tests.Browser;
using Conference.EndToEnd.Tests.Media;
using Conference.Media.Peer;
using Conference.Media.Sctp;
using Xunit.Abstractions;

namespace Conference.EndToEnd.Tests;

/// <summary>
/// Our WebRtcClientPeer offers and Chromium 156 answers with its fake camera and microphone: our controlling ICE
/// agent against Chromium's full ICE, our DTLS server against Chromium's ClientHello offering DTLS 1.3 and 1.2.
/// </summary>
[Trait("Category", "Browser")]
[Trait("Category", "Interop")]
public sealed class ChromiumAnswerTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private const int Packets = 30;

    [LoopbackNamespaceFact]
    public async Task Chromium_answers_our_client_offer_and_media_and_messages_flow_both_ways()
    {
        await using var host = await TestPageHost.StartAsync("answer.html", _ => throw new InvalidOperationException("not used"));
        await using var chromium = await ChromiumBrowser.LaunchAsync();
        await using var client = WebRtcClientPeer.Create();
        var page = await chromium.Context.NewPageAsync();
        var console = new List<string>();
        page.Console += (_, message) => { lock (console) console.Add(message.Text); };
        try
        {
            await page.GotoAsync(host.Address.ToString());
            var clock = Stopwatch.StartNew();
            string offer = client.CreateOffer(new ClientOfferOptions().WithAudio(0x0A0A_0001).WithVideo(0x0B0B_0001, 0x0B0B_0002));
            var fromChromium = new ConcurrentDictionary<string, int>();
            var mediaFromChromium = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            client.RtpReceived += (_, track, _) =>
            {
                fromChromium.AddOrUpdate(track.Kind, 1, (_, n) => n + 1);
                if (fromChromium.GetValueOrDefault("audio") > 10 && fromChromium.GetValueOrDefault("video") > 10) mediaFromChromium.TrySetResult();
            };

            string answer = await page.EvaluateAsync<string>("offer => answerCall(offer)", offer);
            Assert.True(client.TrySetAnswer(answer, out var error), error);
            await client.Connected.WaitAsync(Timeout);
            output.WriteLine($"connected after {clock.ElapsedMilliseconds} ms as DTLS {client.DtlsRole}");

            await mediaFromChromium.Task.WaitAsync(Timeout);
            output.WriteLine($"Chromium's media arrived by {clock.ElapsedMilliseconds} ms: {string.Join(", ", fromChromium)}");

            // Synthetic payloads: Chromium cannot decode them, but it must receive (authenticate and decrypt) each.
            for (int i = 0; i < Packets; i++)
            {
                foreach (var track in client.Tracks)
                {
                    byte payloadType = (byte)track.Codecs.First(c => !c.IsRtx && !c.IsRed && !c.IsUlpfec).PayloadType;
                    uint step = track.Kind == "audio" ? 960u : 3000u;
                    Assert.True(client.SendRtp(RtpFields.Build(payloadType, true, (ushort)(20 + i), (uint)i * step, track.LocalSsrc,
                        RtpFields.Pattern(120, i))));
                }
            }
            var stats = await PollAsync(page, s => s.GetProperty("audioPacketsReceived").GetInt32() >= Packets &&
                                                   s.GetProperty("videoPacketsReceived").GetInt32() >= Packets);
            output.WriteLine($"Chromium stats: {stats}");
            Assert.Equal("FEFD", stats.GetProperty("tlsVersion").GetString());
            Assert.Equal("client", stats.GetProperty("dtlsRole").GetString());

            var channel = client.CreateDataChannel("echo");
            var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var echoes = new ConcurrentQueue<(bool IsBinary, byte[] Data)>();
            var twoEchoes = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            channel.Opened += () => opened.TrySetResult();
            channel.MessageReceived += (isBinary, data) =>
            {
                echoes.Enqueue((isBinary, data));
                if (echoes.Count >= 2) twoEchoes.TrySetResult();
            };
            if (channel.State != DataChannelState.Open) await opened.Task.WaitAsync(Timeout);
            byte[] large = RtpFields.Pattern(100 * 1024, 77);
            channel.Send("ping ✓");
            channel.Send(large);
            await twoEchoes.Task.WaitAsync(Timeout);
            var back = echoes.ToArray();
            Assert.Equal((false, "ping ✓"), (back[0].IsBinary, Encoding.UTF8.GetString(back[0].Data)));
            Assert.True(back[1].IsBinary);
            Assert.Equal(large, back[1].Data);
            output.WriteLine($"all verified after {clock.ElapsedMilliseconds} ms");
        }
        finally
        {
            lock (console) output.WriteLine($"--- page console ---\n{string.Join('\n', console)}");
            output.WriteLine($"client counters: {client.Counters}");
        }
    }

    private static async Task<JsonElement> PollAsync(Microsoft.Playwright.IPage page, Func<JsonElement, bool> done)
    {
        using var cancel = new CancellationTokenSource(Timeout);
        while (true)
        {
            var stats = await page.EvaluateAsync<JsonElement>("inboundStats()");
            if (done(stats)) return stats;
            if (cancel.IsCancellationRequested) throw new TimeoutException($"Chromium stats never got there: {stats}");
            await Task.Delay(200);
        }
    }
}

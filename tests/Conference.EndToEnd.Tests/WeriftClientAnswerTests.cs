using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Conference.EndToEnd.Tests.Media;
using Conference.EndToEnd.Tests.Werift;
using Conference.Media.Peer;
using Conference.Media.Sctp;
using Conference.Media.Sdp;
using Xunit.Abstractions;

namespace Conference.EndToEnd.Tests;

/// <summary>
/// Our WebRtcClientPeer as the answerer (what an SFU's subscriber connection needs): werift offers sendonly audio and
/// video and a data channel, our client answers recvonly (a=setup:active, DTLS client; ICE controlled toward a full
/// agent, RFC 8445 §6.1.1), RTP and messages flow, then werift re-offers with a third track and its RTP arrives on it.
/// </summary>
[Trait("Category", "Interop")]
public sealed class WeriftClientAnswerTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private const int PacketsPerKind = 10;

    [LoopbackNamespaceFact]
    public async Task Our_client_answers_werift_offers_and_re_offers_and_media_and_messages_flow()
    {
        await using var client = WebRtcClientPeer.Create();
        await using var werift = WeriftPeer.Start(sendOnly: true);
        try
        {
            var clock = Stopwatch.StartNew();
            var received = new ConcurrentQueue<(PeerTrack Track, RtpFields Rtp)>();
            client.RtpReceived += (_, track, rtp) => received.Enqueue((track, RtpFields.Parse(rtp)));
            var remoteChannel = new TaskCompletionSource<DataChannel>(TaskCreationOptions.RunContinuationsAsynchronously);
            client.DataChannelOpened += channel => remoteChannel.TrySetResult(channel);

            string offer = await werift.WaitForOfferAsync(Timeout);
            Assert.True(client.TryAcceptOffer(offer, null, out string? answer, out string? error), error);
            await werift.SetAnswerAsync(answer!);
            await client.Connected.WaitAsync(Timeout);
            await werift.WaitConnectedAsync(Timeout);
            output.WriteLine($"connected after {clock.ElapsedMilliseconds} ms as DTLS {client.DtlsRole}, remote {client.RemoteEndPoint}");
            Assert.Equal(Conference.Media.Dtls.DtlsRole.Client, client.DtlsRole); // RFC 5763 §5: the answerer to actpass is active
            Assert.Equal(Conference.Media.Ice.IceRole.Controlled, client.LocalIceRole); // werift is a full agent and offered
            Assert.Equal(["audio", "video"], client.Tracks.Select(t => t.Kind).Order());
            Assert.All(client.Tracks, t => Assert.Equal(MediaDirection.RecvOnly, t.Direction));

            // werift → us on both sections.
            var sent = new List<(string Kind, ushort Seq, uint Ts, byte[] Payload)>();
            foreach (string kind in new[] { "audio", "video" })
            {
                for (int i = 0; i < PacketsPerKind; i++)
                {
                    var packet = (kind, (ushort)(3000 + i), 777u + (uint)i * 960, RtpFields.Pattern(60 + 40 * i, 20 + i));
                    sent.Add(packet);
                    await werift.SendRtpAsync(packet.kind, packet.Item2, packet.Item3, false, packet.Item4);
                }
            }
            await Eventually(() => received.Count >= sent.Count, "werift's RTP at our client");
            foreach (var (kind, seq, ts, payload) in sent)
            {
                var (track, rtp) = Assert.Single(received, r => r.Track.Kind == kind && r.Rtp.SequenceNumber == seq);
                Assert.Equal(ts, rtp.Timestamp);
                Assert.Equal(payload, rtp.Payload);
            }

            // werift's "interop" channel (its offer's data section) reaches us; messages both ways.
            DataChannel channel = await remoteChannel.Task.WaitAsync(Timeout);
            Assert.Equal("interop", channel.Label);
            var messages = new ConcurrentQueue<string>();
            channel.MessageReceived += (_, data) => messages.Enqueue(Encoding.UTF8.GetString(data));
            await werift.SendTextAsync("interop", "from werift ✓");
            await Eventually(() => messages.Contains("from werift ✓"), "werift's message at our client");
            channel.Send("from our answering client ✓");
            var atWerift = await werift.Events.WaitForAsync(e => WeriftPeer.Type(e) == "dc", Timeout, "our message at werift");
            Assert.Equal("from our answering client ✓", atWerift.GetProperty("text").GetString());

            // Renegotiation: werift appends a third (video) section; same ICE and DTLS, the new section becomes routable.
            string reOffer = await werift.AddTrackAsync("video", "screen", offerNumber: 2, Timeout);
            Assert.True(client.TryAcceptOffer(reOffer, null, out string? reAnswer, out error), error);
            await werift.SetAnswerAsync(reAnswer!);
            Assert.Equal(3, client.Tracks.Count);
            PeerTrack added = client.Tracks[^1];
            Assert.Equal("video", added.Kind);
            Assert.DoesNotContain(added.Mid, client.Tracks.Take(2).Select(t => t.Mid));
            byte[] screenPayload = RtpFields.Pattern(500, 99);
            // werift applies our answer asynchronously: resend until a packet arrives on the new section.
            var deadline = Stopwatch.StartNew();
            ushort seqOnScreen = 5000;
            while (!received.Any(r => r.Track == added))
            {
                Assert.True(deadline.Elapsed < Timeout, "no RTP arrived on the re-offered section");
                await werift.SendRtpAsync("screen", seqOnScreen++, 90_000, true, screenPayload);
                await Task.Delay(100);
            }
            var onScreen = received.First(r => r.Track == added).Rtp;
            Assert.Equal(screenPayload, onScreen.Payload);
            Assert.Equal(PeerState.Connected, client.State); // no second handshake
            Assert.Empty(werift.Errors);
            output.WriteLine($"all verified after {clock.ElapsedMilliseconds} ms; tracks: {string.Join("; ", client.Tracks)}");
        }
        finally
        {
            output.WriteLine($"--- werift stderr ---\n{werift.Diagnostics}");
            output.WriteLine($"client counters: {client.Counters}");
        }
    }

    private static async Task Eventually(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < Timeout, $"timed out waiting for {what}");
            await Task.Delay(20);
        }
    }
}

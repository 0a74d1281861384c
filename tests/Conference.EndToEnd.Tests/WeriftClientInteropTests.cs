using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Conference.EndToEnd.Tests.Media;
using Conference.EndToEnd.Tests.Werift;
using Conference.Media.Peer;
using Conference.Media.Sctp;
using Xunit.Abstractions;

namespace Conference.EndToEnd.Tests;

/// <summary>
/// The other direction: our WebRtcClientPeer (full controlling ICE, RFC 8445) offers and werift answers.
/// werift answers a=setup:active, so here our side is the DTLS server of an offerer.
/// </summary>
[Trait("Category", "Browser")]
[Trait("Category", "Interop")]
public sealed class WeriftClientInteropTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private const int PacketsPerKind = 10;
    private const uint AudioSsrc = 0x1111_1111, VideoSsrc = 0x2222_2222, VideoRtxSsrc = 0x2222_2223;

    [LoopbackNamespaceFact]
    public async Task Our_client_offer_is_answered_by_werift_and_rtp_and_messages_flow_both_ways()
    {
        await using var client = WebRtcClientPeer.Create();
        await using var werift = WeriftPeer.Start(answering: true);
        try
        {
            var clock = Stopwatch.StartNew();
            string offer = client.CreateOffer(new ClientOfferOptions().WithAudio(AudioSsrc).WithVideo(VideoSsrc, VideoRtxSsrc));
            string answer = await werift.AnswerAsync(offer, Timeout);
            output.WriteLine($"werift answered after {clock.ElapsedMilliseconds} ms");

            var received = new ConcurrentQueue<(string Kind, RtpFields Rtp)>();
            var allReceived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            client.RtpReceived += (_, track, rtp) =>
            {
                received.Enqueue((track.Kind, RtpFields.Parse(rtp)));
                if (received.Count >= 2 * PacketsPerKind) allReceived.TrySetResult();
            };
            Assert.True(client.TrySetAnswer(answer, out var error), error);
            await client.Connected.WaitAsync(Timeout);
            await werift.WaitConnectedAsync(Timeout);
            output.WriteLine($"connected after {clock.ElapsedMilliseconds} ms as DTLS {client.DtlsRole}, remote {client.RemoteEndPoint}");
            Assert.Equal(["audio", "video"], client.Tracks.Select(t => t.Kind).Order());

            // werift → us
            var sent = new List<(string Kind, ushort Seq, uint Ts, byte[] Payload)>();
            foreach (string kind in new[] { "audio", "video" })
            {
                for (int i = 0; i < PacketsPerKind; i++)
                {
                    var packet = (kind, (ushort)(7000 + i), 123_456u + (uint)i * 3000, RtpFields.Pattern(80 + 30 * i, 50 + i));
                    sent.Add(packet);
                    await werift.SendRtpAsync(packet.kind, packet.Item2, packet.Item3, false, packet.Item4);
                }
            }
            await allReceived.Task.WaitAsync(Timeout);
            foreach (var (kind, seq, ts, payload) in sent)
            {
                var (_, rtp) = Assert.Single(received, r => r.Kind == kind && r.Rtp.SequenceNumber == seq);
                Assert.Equal(ts, rtp.Timestamp);
                Assert.Equal(payload, rtp.Payload);
            }

            // us → werift
            var ours = new List<(string Kind, ushort Seq, byte[] Payload)>();
            foreach (var track in client.Tracks)
            {
                byte payloadType = (byte)track.Codecs.First(c => !c.IsRtx && !c.IsRed && !c.IsUlpfec).PayloadType;
                for (int i = 0; i < PacketsPerKind; i++)
                {
                    byte[] payload = RtpFields.Pattern(90 + 20 * i, 300 + i);
                    ours.Add((track.Kind, (ushort)(100 + i), payload));
                    Assert.True(client.SendRtp(RtpFields.Build(payloadType, false, (ushort)(100 + i), (uint)i * 3000, track.LocalSsrc, payload)));
                }
            }
            var arrived = await werift.Events.WaitForCountAsync(e => WeriftPeer.Type(e) == "rtp", ours.Count, Timeout, "RTP at werift");
            foreach (var (kind, seq, payload) in ours)
            {
                var rtp = Assert.Single(arrived, e => e.GetProperty("kind").GetString() == kind && e.GetProperty("seq").GetInt32() == seq);
                Assert.Equal(payload, Convert.FromBase64String(rtp.GetProperty("payload").GetString()!));
                Assert.Equal(kind == "audio" ? AudioSsrc : VideoSsrc, rtp.GetProperty("ssrc").GetUInt32());
            }

            // A channel our client opens (DCEP OPEN, RFC 8832 §5), messages both ways, one above 64 KiB.
            var channelOpen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var messages = new ConcurrentQueue<(bool IsBinary, byte[] Data)>();
            var twoBack = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var channel = client.CreateDataChannel("from-client");
            channel.Opened += () => channelOpen.TrySetResult();
            channel.MessageReceived += (isBinary, data) =>
            {
                messages.Enqueue((isBinary, data));
                if (messages.Count >= 2) twoBack.TrySetResult();
            };
            await werift.Events.WaitForAsync(e => WeriftPeer.Type(e) == "dcOpen" && e.GetProperty("label").GetString() == "from-client",
                Timeout, "werift to see our channel");
            if (channel.State != DataChannelState.Open) await channelOpen.Task.WaitAsync(Timeout);

            byte[] large = RtpFields.Pattern(100 * 1024, 9);
            channel.Send("from our client ✓");
            channel.Send(large);
            var atWerift = await werift.Events.WaitForCountAsync(e => WeriftPeer.Type(e) == "dc", 2, Timeout, "messages at werift");
            Assert.Equal("from our client ✓", atWerift[0].GetProperty("text").GetString());
            Assert.Equal(large, Convert.FromBase64String(atWerift[1].GetProperty("binary").GetString()!));

            byte[] largeBack = RtpFields.Pattern(100 * 1024, 10);
            await werift.SendTextAsync("from-client", "from werift ✓");
            await werift.SendBinaryAsync("from-client", largeBack);
            await twoBack.Task.WaitAsync(Timeout);
            var back = messages.ToArray();
            Assert.Equal((false, "from werift ✓"), (back[0].IsBinary, Encoding.UTF8.GetString(back[0].Data)));
            Assert.True(back[1].IsBinary);
            Assert.Equal(largeBack, back[1].Data);
            Assert.Empty(werift.Errors);
            output.WriteLine($"all verified after {clock.ElapsedMilliseconds} ms");
        }
        finally
        {
            output.WriteLine($"--- werift stderr ---\n{werift.Diagnostics}");
            output.WriteLine($"client counters: {client.Counters}");
        }
    }
}

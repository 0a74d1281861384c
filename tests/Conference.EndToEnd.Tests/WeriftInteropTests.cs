using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Conference.EndToEnd.Tests.Media;
using Conference.EndToEnd.Tests.Werift;
using Conference.Media.Dtls;
using Conference.Media.Peer;
using Conference.Media.Sctp;
using Xunit.Abstractions;

namespace Conference.EndToEnd.Tests;

/// <summary>
/// werift 0.25.2 offers audio + video sendrecv and a data channel; MediaEngine answers. ICE-lite, DTLS 1.2
/// (in both roles), SRTP and SCTP must complete, and what each side sends must arrive unchanged at the other.
/// </summary>
[Trait("Category", "Browser")]
[Trait("Category", "Interop")]
public sealed class WeriftInteropTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private const int PacketsPerKind = 20;
    private const string Label = "interop";
    private const int LargeMessageSize = 100 * 1024;   // above 64 KiB: needs SCTP fragmentation and reassembly

    [LoopbackNamespaceTheory]
    [InlineData(DtlsRole.Client)]
    [InlineData(DtlsRole.Server)]
    public async Task Werift_and_MediaEngine_exchange_rtp_and_data_channel_messages_unchanged(DtlsRole role)
    {
        await using var engine = MediaEngine.Start(new MediaEngineOptions());
        await using var werift = WeriftPeer.Start();
        try
        {
            await RunAsync(engine, werift, role);
        }
        finally
        {
            output.WriteLine($"--- werift stderr ---\n{werift.Diagnostics}");
            output.WriteLine($"engine counters: {engine.Counters}");
        }
    }

    private async Task RunAsync(MediaEngine engine, WeriftPeer werift, DtlsRole role)
    {
        string offer = await werift.WaitForOfferAsync(Timeout);
        var clock = Stopwatch.StartNew();

        Assert.True(engine.TryAcceptOffer(offer, new PeerOptions { Role = role }, out var peer, out var answer, out var error), error);
        await using var _ = peer;
        Assert.Contains(role == DtlsRole.Client ? "a=setup:active" : "a=setup:passive", answer);
        Assert.Equal(["audio", "video"], peer.Tracks.Select(t => t.Kind).Order());

        var received = new ConcurrentQueue<(string Kind, RtpFields Rtp)>();
        var allReceived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        peer.RtpReceived += (_, track, rtp) =>
        {
            received.Enqueue((track.Kind, RtpFields.Parse(rtp)));
            if (received.Count >= 2 * PacketsPerKind) allReceived.TrySetResult();
        };
        var remoteChannel = new TaskCompletionSource<DataChannel>(TaskCreationOptions.RunContinuationsAsynchronously);
        var ourChannelOpen = new TaskCompletionSource<DataChannel>(TaskCreationOptions.RunContinuationsAsynchronously);
        peer.DataChannelOpened += channel =>
        {
            if (channel.Label == Label) remoteChannel.TrySetResult(channel);
            else ourChannelOpen.TrySetResult(channel);
        };

        await werift.SetAnswerAsync(answer);
        await peer.Connected.WaitAsync(Timeout);
        output.WriteLine($"{role}: ICE + DTLS + SRTP connected after {clock.ElapsedMilliseconds} ms");
        await werift.WaitConnectedAsync(Timeout);

        await WeriftToUsAsync(werift, received, allReceived.Task);
        output.WriteLine($"{role}: RTP werift → us verified at {clock.ElapsedMilliseconds} ms");
        await UsToWeriftAsync(werift, peer);
        output.WriteLine($"{role}: RTP us → werift verified at {clock.ElapsedMilliseconds} ms");

        var channel = await remoteChannel.Task.WaitAsync(Timeout);
        await DataChannelBothWaysAsync(werift, channel);
        output.WriteLine($"{role}: data channel '{Label}' both ways verified at {clock.ElapsedMilliseconds} ms");

        // A channel we open: DCEP OPEN from our side (RFC 8832 §5), werift sees it and can answer on it.
        var ours = peer.CreateDataChannel("from-engine");
        await werift.Events.WaitForAsync(e => WeriftPeer.Type(e) == "dcOpen" && e.GetProperty("label").GetString() == "from-engine",
            Timeout, "werift to see our channel");
        await ourChannelOpen.Task.WaitAsync(Timeout);
        var echoed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        ours.MessageReceived += (isBinary, data) => echoed.TrySetResult(isBinary ? "binary?" : Encoding.UTF8.GetString(data));
        ours.Send("opened by the engine");
        await werift.Events.WaitForAsync(e => IsText(e, "from-engine", "opened by the engine"), Timeout, "our channel's message");
        await werift.SendTextAsync("from-engine", "answered by werift");
        Assert.Equal("answered by werift", await echoed.Task.WaitAsync(Timeout));
        Assert.Empty(werift.Errors);
        output.WriteLine($"{role}: all verified after {clock.ElapsedMilliseconds} ms");
    }

    private static async Task WeriftToUsAsync(WeriftPeer werift, ConcurrentQueue<(string Kind, RtpFields Rtp)> received, Task allReceived)
    {
        var sent = new List<(string Kind, ushort Seq, uint Ts, byte[] Payload)>();
        foreach (string kind in new[] { "audio", "video" })
        {
            for (int i = 0; i < PacketsPerKind; i++)
            {
                var packet = (kind, (ushort)(65530 + i), 3_000_000_000u + (uint)i * 960, RtpFields.Pattern(60 + 50 * i, i));
                sent.Add(packet);
                await werift.SendRtpAsync(packet.kind, packet.Item2, packet.Item3, i % 5 == 4, packet.Item4);
            }
        }

        await allReceived.WaitAsync(Timeout);

        // Sequence numbers wrap at 65535 on purpose: the SRTP rollover counter must follow (RFC 3711 §3.3.1).
        foreach (var (kind, seq, ts, payload) in sent)
        {
            var match = received.Where(r => r.Kind == kind && r.Rtp.SequenceNumber == seq).ToArray();
            var (_, rtp) = Assert.Single(match);
            Assert.Equal(ts, rtp.Timestamp);
            Assert.Equal(payload, rtp.Payload);
        }
    }

    private static async Task UsToWeriftAsync(WeriftPeer werift, WebRtcPeer peer)
    {
        var sent = new List<(string Kind, ushort Seq, uint Ts, byte[] Payload)>();
        foreach (var track in peer.Tracks)
        {
            byte payloadType = (byte)track.Codecs.First(c => !c.IsRtx && !c.IsRed && !c.IsUlpfec).PayloadType;
            for (int i = 0; i < PacketsPerKind; i++)
            {
                ushort seq = (ushort)(1000 + i);
                uint ts = 90_000u * (uint)i;
                byte[] payload = RtpFields.Pattern(40 + 70 * i, 100 + i);
                sent.Add((track.Kind, seq, ts, payload));
                Assert.True(peer.SendRtp(RtpFields.Build(payloadType, i == PacketsPerKind - 1, seq, ts, track.LocalSsrc, payload)),
                    $"SendRtp refused {track.Kind} packet {i}");
            }
        }

        var arrived = await werift.Events.WaitForCountAsync(e => WeriftPeer.Type(e) == "rtp", sent.Count, Timeout, "RTP at werift");
        foreach (var (kind, seq, ts, payload) in sent)
        {
            var match = arrived.Where(e => e.GetProperty("kind").GetString() == kind && e.GetProperty("seq").GetInt32() == seq).ToArray();
            var rtp = Assert.Single(match);
            Assert.Equal(ts, rtp.GetProperty("ts").GetUInt32());
            Assert.Equal(payload, Convert.FromBase64String(rtp.GetProperty("payload").GetString()!));
            Assert.Equal(peer.Tracks.Single(t => t.Kind == kind).LocalSsrc, rtp.GetProperty("ssrc").GetUInt32());
        }
    }

    private static async Task DataChannelBothWaysAsync(WeriftPeer werift, DataChannel channel)
    {
        var messages = new ConcurrentQueue<(bool IsBinary, byte[] Data)>();
        var threeArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        channel.MessageReceived += (isBinary, data) =>
        {
            messages.Enqueue((isBinary, data));
            if (messages.Count >= 3) threeArrived.TrySetResult();
        };
        await werift.Events.WaitForAsync(e => WeriftPeer.Type(e) == "dcOpen" && e.GetProperty("label").GetString() == Label,
            Timeout, "werift's channel open");

        // werift → us
        const string fromWerift = "hello from werift: ünïcödé ✓";
        byte[] small = RtpFields.Pattern(1000, 1);
        byte[] large = RtpFields.Pattern(LargeMessageSize, 2);
        await werift.SendTextAsync(Label, fromWerift);
        await werift.SendBinaryAsync(Label, small);
        await werift.SendBinaryAsync(Label, large);
        await threeArrived.Task.WaitAsync(Timeout);
        var got = messages.ToArray();
        Assert.Equal((false, fromWerift), (got[0].IsBinary, Encoding.UTF8.GetString(got[0].Data)));
        Assert.True(got[1].IsBinary);
        Assert.Equal(small, got[1].Data);
        Assert.True(got[2].IsBinary);
        Assert.Equal(large, got[2].Data);

        // us → werift
        const string fromUs = "hello from the engine: ünïcödé ✓";
        byte[] smallBack = RtpFields.Pattern(1000, 3);
        byte[] largeBack = RtpFields.Pattern(LargeMessageSize, 4);
        channel.Send(fromUs);
        channel.Send(smallBack);
        channel.Send(largeBack);
        var back = await werift.Events.WaitForCountAsync(e => WeriftPeer.Type(e) == "dc" && e.GetProperty("label").GetString() == Label,
            3, Timeout, "messages at werift");
        Assert.Equal(fromUs, back[0].GetProperty("text").GetString());
        Assert.Equal(smallBack, Convert.FromBase64String(back[1].GetProperty("binary").GetString()!));
        Assert.Equal(largeBack, Convert.FromBase64String(back[2].GetProperty("binary").GetString()!));
    }

    private static bool IsText(JsonElement e, string label, string text) =>
        WeriftPeer.Type(e) == "dc" && e.GetProperty("label").GetString() == label &&
        e.TryGetProperty("text", out var t) && t.GetString() == text;
}

using System.Collections.Concurrent;
using System.Text.Json;
using Conference.EndToEnd.Tests.Media;
using Conference.EndToEnd.Tests.Werift;
using Conference.Media.Dtls;
using Conference.Media.Peer;
using Xunit.Abstractions;

namespace Conference.EndToEnd.Tests;

/// <summary>How sessions with werift end, and that peers sharing the engine's one UDP socket stay apart.</summary>
[Trait("Category", "Browser")]
[Trait("Category", "Interop")]
public sealed class WeriftSessionTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [LoopbackNamespaceTheory]
    [InlineData(DtlsRole.Client)]
    [InlineData(DtlsRole.Server)]
    public async Task Disposing_our_peer_closes_werifts_dtls_transport_and_data_channel(DtlsRole role)
    {
        await using var engine = MediaEngine.Start(new MediaEngineOptions());
        await using var werift = WeriftPeer.Start();
        try
        {
            var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var peer = await WeriftConnection.ConnectAsync(engine, werift, role, Timeout,
                p => p.DataChannelOpened += _ => opened.TrySetResult());
            await opened.Task.WaitAsync(Timeout);

            await peer.DisposeAsync();

            // RFC 6347 §4.1 / RFC 5246 §7.2.1: close_notify tells werift the association is over, without waiting
            // for ICE consent to expire.
            await werift.Events.WaitForAsync(e => WeriftPeer.Type(e) == "dtlsState" && e.GetProperty("state").GetString() == "closed",
                Timeout, "werift's DTLS transport closed");
            await werift.Events.WaitForAsync(e => WeriftPeer.Type(e) == "dcClose" && e.GetProperty("label").GetString() == "interop",
                Timeout, "werift's data channel closed");
            Assert.Equal(PeerState.Closed, peer.State);
        }
        finally
        {
            output.WriteLine($"--- werift stderr ---\n{werift.Diagnostics}");
            output.WriteLine($"engine counters: {engine.Counters}");
        }
    }

    [LoopbackNamespaceFact]
    public async Task Two_werift_peers_on_one_engine_socket_each_get_only_their_own_packets()
    {
        await using var engine = MediaEngine.Start(new MediaEngineOptions());
        await using var first = WeriftPeer.Start();
        await using var second = WeriftPeer.Start();
        var received = new ConcurrentDictionary<WebRtcPeer, ConcurrentQueue<RtpFields>>();
        void Record(WebRtcPeer peer) =>
            peer.RtpReceived += (p, _, rtp) => received.GetOrAdd(p, _ => new()).Enqueue(RtpFields.Parse(rtp));
        try
        {
            await using var peerOfFirst = await WeriftConnection.ConnectAsync(engine, first, DtlsRole.Server, Timeout, Record);
            await using var peerOfSecond = await WeriftConnection.ConnectAsync(engine, second, DtlsRole.Client, Timeout, Record);

            const int count = 10;
            for (int i = 0; i < count; i++)
            {
                await first.SendRtpAsync("audio", (ushort)i, (uint)i * 960, false, RtpFields.Pattern(100, 1000 + i));
                await second.SendRtpAsync("audio", (ushort)i, (uint)i * 960, false, RtpFields.Pattern(100, 2000 + i));
                Assert.True(peerOfFirst.SendRtp(Audio(peerOfFirst, i, 3000)));
                Assert.True(peerOfSecond.SendRtp(Audio(peerOfSecond, i, 4000)));
            }

            await AssertReceivedAsync(first, count, 3000);
            await AssertReceivedAsync(second, count, 4000);
            Assert.Equal(Enumerable.Range(0, count).Select(i => RtpFields.Pattern(100, 1000 + i)),
                await WaitForAsync(received, peerOfFirst, count));
            Assert.Equal(Enumerable.Range(0, count).Select(i => RtpFields.Pattern(100, 2000 + i)),
                await WaitForAsync(received, peerOfSecond, count));
        }
        finally
        {
            output.WriteLine($"--- werift stderr ---\n{first.Diagnostics}\n{second.Diagnostics}");
            output.WriteLine($"engine counters: {engine.Counters}");
        }
    }

    private static byte[] Audio(WebRtcPeer peer, int i, int seed)
    {
        var track = peer.Tracks.Single(t => t.Kind == "audio");
        byte payloadType = (byte)track.Codecs.First(c => !c.IsRtx && !c.IsRed).PayloadType;
        return RtpFields.Build(payloadType, false, (ushort)(500 + i), (uint)i * 960, track.LocalSsrc, RtpFields.Pattern(100, seed + i));
    }

    private static async Task AssertReceivedAsync(WeriftPeer werift, int count, int seed)
    {
        var rtp = await werift.Events.WaitForCountAsync(e => WeriftPeer.Type(e) == "rtp", count, Timeout, "RTP at werift");
        Assert.Equal(Enumerable.Range(0, count).Select(i => RtpFields.Pattern(100, seed + i)),
            rtp.Select(e => Convert.FromBase64String(e.GetProperty("payload").GetString()!)));
    }

    private static async Task<IEnumerable<byte[]>> WaitForAsync(
        ConcurrentDictionary<WebRtcPeer, ConcurrentQueue<RtpFields>> received, WebRtcPeer peer, int count)
    {
        using var cancel = new CancellationTokenSource(Timeout);
        // A poll: RTP events come from the engine's receive loop, and there is one queue per peer.
        while (!received.TryGetValue(peer, out var queue) || queue.Count < count)
            await Task.Delay(20, cancel.Token);
        return received[peer].Select(r => r.Payload);
    }
}

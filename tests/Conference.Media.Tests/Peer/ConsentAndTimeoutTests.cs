using Conference.Media.Ice;
using Conference.Media.Peer;
using Conference.Media.Tests.Ice;

namespace Conference.Media.Tests.Peer;

/// <summary>RFC 7675 consent on the engine's clock, and the connect timeout.</summary>
public sealed class ConsentAndTimeoutTests
{
    [Fact]
    public async Task Nothing_is_sent_once_consent_expired_and_the_peer_then_fails()
    {
        var time = new ManualTimeProvider();
        await using var engine = MediaEngine.Start(new MediaEngineOptions { TimeProvider = time, HousekeepingInterval = TimeSpan.FromHours(1) });
        // The client must not refresh consent by itself during the test.
        var clientOptions = new WebRtcClientOptions { Ice = new IceClientOptions { ConsentInterval = TimeSpan.FromHours(2), ConsentTimeout = TimeSpan.FromHours(3) } };
        await using PeerTestRig rig = await PeerTestRig.ConnectAsync(engine: engine, clientOptions: clientOptions);
        byte[] rtp = PeerTestRig.RtpPacket(rig.Server.Tracks[0].LocalSsrc, 1, 111);
        // On the engine's loop, which owns the send path (from another thread a send is posted there and returns true).
        Assert.True(await engine.InvokeAsync(() => rig.Server.SendRtp(rtp)));

        time.Advance(TimeSpan.FromSeconds(31)); // RFC 7675 §5.1: 30 s without an authenticated check
        long refusedBefore = engine.Counters.SendsWithoutConsent;
        RtpPacketSequence(rtp, 2);

        Assert.False(await engine.InvokeAsync(() => rig.Server.SendRtp(rtp)));
        Assert.True(engine.Counters.SendsWithoutConsent > refusedBefore);
        Assert.Equal(PeerState.Connected, rig.Server.State); // the housekeeping pass has not run yet

        time.Advance(TimeSpan.FromHours(1)); // the timer posts the pass to the engine's loop
        await PeerTestRig.Eventually(() => rig.Server.State == PeerState.Failed, "the housekeeping pass failing the peer");
    }

    [Fact]
    public async Task A_peer_that_never_connects_fails_after_the_connect_timeout()
    {
        var time = new ManualTimeProvider();
        await using var engine = MediaEngine.Start(new MediaEngineOptions { TimeProvider = time });
        await using WebRtcClientPeer client = WebRtcClientPeer.Create();
        string offer = client.CreateOffer(PeerTestRig.AudioVideoData());
        Assert.True(engine.TryAcceptOffer(offer, new PeerOptions { ConnectTimeout = TimeSpan.FromSeconds(5) }, out WebRtcPeer? peer, out _, out string? error), error);

        time.Advance(TimeSpan.FromSeconds(4));
        await engine.InvokeAsync(() => { }); // the passes the timer posted have run
        Assert.Equal(PeerState.New, peer.State);
        time.Advance(TimeSpan.FromSeconds(2));

        await PeerTestRig.Eventually(() => peer.State == PeerState.Failed, "the connect timeout");
        await Assert.ThrowsAsync<TimeoutException>(() => peer.Connected);
        await peer.DisposeAsync();
        Assert.Equal(PeerState.Closed, peer.State);
    }

    private static void RtpPacketSequence(byte[] packet, ushort sequence) => Conference.Media.Rtp.RtpPacket.SetSequenceNumber(packet, sequence);
}

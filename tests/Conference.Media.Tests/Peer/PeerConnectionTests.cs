using Conference.Media.Dtls;
using Conference.Media.Peer;

namespace Conference.Media.Tests.Peer;

/// <summary>Our client peer against our engine over real loopback UDP: ICE-lite, DTLS in both roles, SRTP.</summary>
public sealed class PeerConnectionTests
{
    [Theory]
    [InlineData(DtlsRole.Client, "active")]
    [InlineData(DtlsRole.Server, "passive")]
    public async Task Connects_in_either_DTLS_role(DtlsRole serverRole, string setup)
    {
        await using PeerTestRig rig = await PeerTestRig.ConnectAsync(serverRole);

        Assert.Contains($"a=setup:{setup}", rig.Answer);
        Assert.Equal(serverRole, rig.Server.DtlsRole);
        Assert.Equal(serverRole == DtlsRole.Client ? DtlsRole.Server : DtlsRole.Client, rig.Client.DtlsRole);
        Assert.Equal(PeerState.Connected, rig.Server.State);
        Assert.Equal(PeerState.Connected, rig.Client.State);
        Assert.Equal(rig.Client.LocalEndPoint, rig.Server.RemoteEndPoint);
        Assert.Equal(rig.Engine.LocalEndPoint, rig.Client.RemoteEndPoint);
        Assert.NotNull(rig.Server.SrtpProfile);
    }

    [Theory]
    [InlineData(DtlsRole.Client)]
    [InlineData(DtlsRole.Server)]
    public async Task Connects_when_the_client_nominates_regularly(DtlsRole serverRole)
    {
        var clientOptions = new WebRtcClientOptions { Ice = new Conference.Media.Ice.IceClientOptions { Nomination = Conference.Media.Ice.IceNomination.Regular } };
        await using PeerTestRig rig = await PeerTestRig.ConnectAsync(serverRole, clientOptions: clientOptions);

        Assert.Equal(PeerState.Connected, rig.Server.State);
        Assert.Equal(rig.Client.LocalEndPoint, rig.Server.RemoteEndPoint);
        // The first DTLS flight's timer came from the check → nomination round trip: within libwebrtc's 50 ms – 1 s.
        Assert.InRange(rig.Server.DtlsRetransmitTimeout(), TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(1));
        Assert.True(rig.Server.IceRoundTrip > TimeSpan.Zero);
    }

    [Fact]
    public async Task An_aggressively_nominating_client_gives_no_round_trip_and_the_dtls_timer_falls_back_to_200_ms()
    {
        var clientOptions = new WebRtcClientOptions { Ice = new Conference.Media.Ice.IceClientOptions { Nomination = Conference.Media.Ice.IceNomination.Aggressive } };
        await using PeerTestRig rig = await PeerTestRig.ConnectAsync(clientOptions: clientOptions);

        Assert.Equal(TimeSpan.Zero, rig.Server.IceRoundTrip); // its first check already nominated
        Assert.Equal(TimeSpan.FromMilliseconds(200), rig.Server.DtlsRetransmitTimeout());
    }

    [Fact]
    public async Task Default_role_answers_active()
    {
        await using PeerTestRig rig = await PeerTestRig.ConnectAsync(serverRole: null);

        Assert.Contains("a=setup:active", rig.Answer);
        Assert.Equal(DtlsRole.Client, rig.Server.DtlsRole);
    }

    [Fact]
    public async Task State_changes_are_reported_in_order()
    {
        await using var engine = MediaEngine.Start(new MediaEngineOptions());
        await using WebRtcClientPeer client = WebRtcClientPeer.Create();
        string offer = client.CreateOffer(PeerTestRig.AudioVideoData());
        Assert.True(engine.TryAcceptOffer(offer, new PeerOptions(), out WebRtcPeer? server, out string? answer, out string? error), error);
        var states = new List<PeerState>();
        server.StateChanged += (peer, state) => { lock (states) states.Add(state); };
        Assert.Equal(PeerState.New, server.State);

        client.SetAnswer(answer);
        await Task.WhenAll(client.Connected, server.Connected).WaitAsync(PeerTestRig.Wait);
        await server.DisposeAsync();

        lock (states) Assert.Equal([PeerState.Connecting, PeerState.Connected, PeerState.Closed], states);
        Assert.Empty(engine.Peers);
    }

    [Fact]
    public async Task The_server_peer_fails_promptly_when_the_client_closes()
    {
        await using PeerTestRig rig = await PeerTestRig.ConnectAsync();
        var failed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        rig.Server.StateChanged += (_, state) => { if (state == PeerState.Failed) failed.TrySetResult(); };

        await rig.Client.DisposeAsync(); // DTLS close_notify

        await failed.Task.WaitAsync(PeerTestRig.Wait);
        Assert.Equal(PeerState.Closed, rig.Client.State);
        Assert.False(rig.Server.SendRtp(PeerTestRig.RtpPacket(rig.Server.Tracks[0].LocalSsrc, 1, 111)));
    }
}

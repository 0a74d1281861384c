using Conference.Media.Dtls;
using Conference.Media.Peer;
using Conference.Media.Sdp;
using Conference.Media.Tests.Sdp;

namespace Conference.Media.Tests.Peer;

/// <summary>TryAcceptOffer: what the answer says, and clear errors (never exceptions) for offers we cannot serve.</summary>
public sealed class OfferAnswerTests : IAsyncLifetime
{
    private MediaEngine _engine = null!;

    public Task InitializeAsync()
    {
        _engine = MediaEngine.Start(new MediaEngineOptions());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _engine.DisposeAsync();

    [Fact]
    public void Chromium_offer_gets_a_bundled_ice_lite_answer_with_our_ssrcs_and_a_data_section()
    {
        Assert.True(_engine.TryAcceptOffer(BrowserOffers.Chromium, new PeerOptions(), out WebRtcPeer? peer, out string? answerSdp, out string? error), error);

        Assert.True(SessionDescription.TryParse(answerSdp, out SessionDescription answer, out _));
        Assert.True(answer.IceLite);
        Assert.Equal(["0", "1", "2"], answer.BundleGroup!.Mids);
        MediaDescription audio = answer.Media[0], video = answer.Media[1], data = answer.Media[2];
        Assert.All(answer.Media, m =>
        {
            Assert.False(m.IsRejected);
            Assert.NotNull(m.IceUfrag);
            Assert.Equal(SetupRole.Active, m.Setup);
            Assert.Equal(_engine.Certificate.Fingerprint.Value, m.Fingerprints.Single(f => f.Algorithm == "sha-256").Value);
        });
        IceCandidate candidate = Assert.Single(audio.Candidates);
        Assert.Equal(("udp", "host", _engine.LocalEndPoint.Port, "127.0.0.1"), (candidate.Transport, candidate.Type, candidate.Port, candidate.Address));
        Assert.True(audio.EndOfCandidates);
        Assert.True(audio.RtcpMux && video.RtcpMux);
        Assert.Equal(MediaDirection.SendRecv, audio.Direction);
        Assert.Equal(5000, data.SctpPort);
        Assert.Equal(262144ul, data.MaxMessageSize);

        Assert.Equal(2, peer.Tracks.Count);
        PeerTrack audioTrack = peer.Tracks[0], videoTrack = peer.Tracks[1];
        Assert.Equal(("0", "audio"), (audioTrack.Mid, audioTrack.Kind));
        Assert.Contains(3735928559u, audioTrack.RemoteSsrcs);
        Assert.Contains(audio.Ssrcs, s => s.Ssrc == audioTrack.LocalSsrc && s.Name == "cname");
        Assert.Single(audio.Msids);
        Assert.Equal("opus", audioTrack.Codecs[0].Name);
        Assert.Equal(111, audioTrack.Codecs[0].PayloadType);
        Assert.Equal("1", audioTrack.Codecs[0].GetParameter("useinbandfec"));
        Assert.Equal(4, audioTrack.HeaderExtensions[Conference.Media.Rtp.RtpExtensionUris.Mid]);
        Assert.Contains(videoTrack.Codecs, c => c.Name == "VP8");
        Assert.Contains(videoTrack.Codecs, c => c.IsRtx);
        // Chromium's video is sendonly simulcast: we receive q/h/f and send nothing in that section.
        Assert.Equal(MediaDirection.RecvOnly, videoTrack.Direction);
        Assert.Equal(0u, videoTrack.LocalSsrc);
        Assert.Empty(video.Ssrcs);
        Assert.Equal(["q", "h", "f"], videoTrack.Rids);
        Assert.NotNull(video.Simulcast);
        Assert.Equal(PeerState.New, peer.State);
    }

    [Fact]
    public async Task Sendrecv_video_with_rtx_gets_our_ssrc_and_rtx_ssrc_in_an_FID_group()
    {
        await using WebRtcClientPeer client = WebRtcClientPeer.Create();
        string offer = client.CreateOffer(PeerTestRig.AudioVideoData());
        Assert.True(_engine.TryAcceptOffer(offer, new PeerOptions(), out WebRtcPeer? peer, out string? answerSdp, out string? error), error);

        Assert.True(SessionDescription.TryParse(answerSdp, out SessionDescription answer, out _));
        PeerTrack video = peer.Tracks[1];
        Assert.NotNull(video.LocalRtxSsrc);
        Assert.Contains(answer.Media[1].SsrcGroups, g => g.Semantics == SsrcGroup.Fid && g.Ssrcs.SequenceEqual([video.LocalSsrc, video.LocalRtxSsrc!.Value]));
        Assert.Equal([0x2222u, 0x2223u], video.RemoteSsrcs);
        Assert.NotEqual(peer.Tracks[0].LocalSsrc, video.LocalSsrc);
    }

    [Fact]
    public void Firefox_offer_is_answered()
    {
        Assert.True(_engine.TryAcceptOffer(BrowserOffers.Firefox, new PeerOptions { Role = DtlsRole.Server }, out WebRtcPeer? peer, out string? answerSdp, out string? error), error);
        Assert.Contains("a=setup:passive", answerSdp);
        Assert.Equal(2, peer.Tracks.Count);
    }

    [Theory]
    [InlineData("", "not a valid SDP offer")]
    [InlineData("hello world", "not a valid SDP offer")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n", "no usable m= section")]
    public void Garbage_offers_are_refused_with_an_error(string offer, string expected)
    {
        Assert.False(_engine.TryAcceptOffer(offer, new PeerOptions(), out WebRtcPeer? peer, out string? answer, out string? error));
        Assert.Null(peer);
        Assert.Null(answer);
        Assert.Contains(expected, error);
        Assert.Empty(_engine.Peers);
    }

    [Fact]
    public void Offer_without_fingerprint_is_refused()
    {
        string offer = WithoutLines(BrowserOffers.Chromium, "a=fingerprint:");
        Assert.False(_engine.TryAcceptOffer(offer, new PeerOptions(), out _, out _, out string? error));
        Assert.Contains("fingerprint", error);
    }

    [Theory]
    [InlineData("a=ice-ufrag:")]
    [InlineData("a=ice-pwd:")]
    public void Offer_without_ice_credentials_is_refused(string removed)
    {
        string offer = WithoutLines(BrowserOffers.Chromium, removed);
        Assert.False(_engine.TryAcceptOffer(offer, new PeerOptions(), out _, out _, out string? error));
        Assert.Contains("ice-ufrag", error);
    }

    [Fact]
    public void Ice_lite_offer_is_refused()
    {
        string offer = BrowserOffers.Chromium.Replace("a=group:BUNDLE 0 1 2", "a=group:BUNDLE 0 1 2\r\na=ice-lite");
        Assert.False(_engine.TryAcceptOffer(offer, new PeerOptions(), out _, out _, out string? error));
        Assert.Contains("ice-lite", error);
    }

    [Fact]
    public async Task Accepted_peers_are_found_by_id_until_disposed()
    {
        Assert.True(_engine.TryAcceptOffer(BrowserOffers.Chromium, new PeerOptions(), out WebRtcPeer? peer, out _, out string? error), error);
        Assert.True(_engine.TryGetPeer(peer.Id, out WebRtcPeer? found));
        Assert.Same(peer, found);
        Assert.True(_engine.TryAcceptOffer(BrowserOffers.Chromium, new PeerOptions(), out WebRtcPeer? other, out _, out error), error);
        Assert.NotEqual(peer.Id, other.Id);

        await peer.DisposeAsync();
        Assert.False(_engine.TryGetPeer(peer.Id, out _));
        Assert.Equal(PeerState.Closed, peer.State);
        Assert.Same(other, Assert.Single(_engine.Peers));
    }

    [Fact]
    public void Offer_with_holdconn_setup_is_refused()
    {
        string offer = BrowserOffers.Chromium.Replace("a=setup:actpass", "a=setup:holdconn");
        Assert.False(_engine.TryAcceptOffer(offer, new PeerOptions(), out _, out _, out string? error));
        Assert.Contains("holdconn", error);
    }

    [Fact]
    public void Offer_whose_setup_contradicts_the_requested_role_is_refused()
    {
        string offer = BrowserOffers.Chromium.Replace("a=setup:actpass", "a=setup:active");
        Assert.False(_engine.TryAcceptOffer(offer, new PeerOptions { Role = DtlsRole.Client }, out _, out _, out string? error));
        Assert.Contains("setup:active", error);

        Assert.True(_engine.TryAcceptOffer(offer, new PeerOptions(), out WebRtcPeer? peer, out string? answer, out error), error);
        Assert.Contains("a=setup:passive", answer);
        Assert.Equal(DtlsRole.Server, peer.DtlsRole);
    }

    [Fact]
    public void Offer_with_nothing_we_can_accept_is_refused()
    {
        string offer = string.Join("\r\n",
        [
            "v=0", "o=- 1 1 IN IP4 127.0.0.1", "s=-", "t=0 0", "a=group:BUNDLE 0",
            "m=audio 9 UDP/TLS/RTP/SAVPF 0", "c=IN IP4 0.0.0.0", "a=mid:0", "a=rtcp-mux",
            "a=ice-ufrag:abcd", "a=ice-pwd:abcdefghijklmnopqrstuvwx", "a=setup:actpass",
            "a=fingerprint:sha-256 D2:FA:0E:C3:22:59:5E:14:95:69:92:3D:13:B4:84:24:2C:C2:A2:C0:3E:FD:34:8E:5E:EA:6F:AF:52:CE:E6:0F",
            "a=rtpmap:0 PCMU/8000", "",
        ]);
        Assert.False(_engine.TryAcceptOffer(offer, new PeerOptions(), out _, out _, out string? error));
        Assert.Contains("no m= section could be accepted", error);
    }

    [Fact]
    public void Data_section_is_rejected_when_data_channels_are_off()
    {
        Assert.True(_engine.TryAcceptOffer(BrowserOffers.Chromium, new PeerOptions { AcceptDataChannels = false }, out WebRtcPeer? peer, out string? answerSdp, out string? error), error);
        Assert.True(SessionDescription.TryParse(answerSdp, out SessionDescription answer, out _));
        Assert.True(answer.Media[2].IsRejected);
        Assert.Equal(["0", "1"], answer.BundleGroup!.Mids);
        Assert.Throws<InvalidOperationException>(() => peer.CreateDataChannel("x"));
    }

    [Fact]
    public void Trickled_candidates_are_validated_without_throwing()
    {
        Assert.True(_engine.TryAcceptOffer(BrowserOffers.Chromium, new PeerOptions(), out WebRtcPeer? peer, out _, out string? error), error);
        Assert.True(peer.TryAddRemoteCandidate("candidate:1 1 udp 2122260223 192.0.2.1 5000 typ host", out error), error);
        Assert.True(peer.TryAddRemoteCandidate("", out error));
        Assert.False(peer.TryAddRemoteCandidate("candidate:garbage", out error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public async Task A_bad_fingerprint_in_the_offer_makes_Connected_fault()
    {
        await using WebRtcClientPeer client = WebRtcClientPeer.Create();
        string offer = client.CreateOffer(PeerTestRig.AudioVideoData());
        // Another certificate's fingerprint: the client's real certificate will not match it (RFC 5763 §5).
        string wrong = DtlsCertificate.Generate().Fingerprint.ToString();
        string tampered = string.Join("\r\n", offer.Split("\r\n").Select(l => l.StartsWith("a=fingerprint:") ? "a=fingerprint:" + wrong : l));
        Assert.True(_engine.TryAcceptOffer(tampered, new PeerOptions(), out WebRtcPeer? server, out string? answer, out string? error), error);
        client.SetAnswer(answer);

        Exception failure = await Assert.ThrowsAnyAsync<Exception>(() => server.Connected.WaitAsync(PeerTestRig.Wait));

        Assert.IsType<DtlsHandshakeException>(failure);
        Assert.Equal(PeerState.Failed, server.State);
        await server.DisposeAsync();
    }

    private static string WithoutLines(string sdp, string prefix) =>
        string.Join("\r\n", sdp.Split("\r\n").Where(l => !l.StartsWith(prefix, StringComparison.Ordinal)));
}

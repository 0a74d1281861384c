using Conference.Media.Peer;
using Conference.Media.Rtp;
using Conference.Media.Sdp;
using Conference.Media.Tests.Sdp;

namespace Conference.Media.Tests.Peer;

/// <summary>
/// The SFU's two kinds of renegotiation: a publisher's later offer on the same connection (TryRenegotiate), and our
/// own offers to a subscriber (CreateOffer / TrySetAnswer), answered here by the SDP answer builder as a browser would.
/// </summary>
public sealed class RenegotiationTests : IAsyncLifetime
{
    private MediaEngine _engine = null!;

    public Task InitializeAsync()
    {
        _engine = MediaEngine.Start(new MediaEngineOptions());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _engine.DisposeAsync();

    private static OutgoingTrack Track(string id, string participant, string kind) =>
        new(id, participant, kind, kind == MediaDescription.Audio ? ServerMediaCapabilities.Audio().Codecs : Vp8WithRtx());

    /// <summary>What a publisher negotiated: VP8 with RTX repairing it (apt), plus RED, which is not forwarded.</summary>
    private static List<RtpCodec> Vp8WithRtx()
    {
        var vp8 = new RtpCodec(96, "VP8", 90000);
        vp8.Feedback.AddRange(["nack", "nack pli", "transport-cc"]);
        var rtx = new RtpCodec(97, "rtx", 90000);
        rtx.Parameters["apt"] = "96";
        return [vp8, rtx, new RtpCodec(63, "red", 90000)];
    }

    [Fact]
    public void A_subscriber_offer_has_the_data_section_first_then_one_sendonly_section_per_track_with_the_publishers_msid()
    {
        var peer = _engine.CreateOfferingPeer();
        Assert.True(peer.IsOfferer);

        string sdp = peer.CreateOffer([Track("t1", "alice", "audio"), Track("t2", "alice", "video")]);

        Assert.True(SessionDescription.TryParse(sdp, out var offer, out var error), error);
        Assert.True(offer.IceLite);
        Assert.Equal(["0", "1", "2"], offer.BundleGroup!.Mids);
        Assert.Equal(MediaDescription.Application, offer.Media[0].Kind);
        Assert.Single(offer.Media[0].Candidates);
        Assert.All(offer.Media, m => Assert.Equal(SetupRole.ActPass, m.Setup));
        var video = offer.Media[2];
        Assert.Equal(MediaDirection.SendOnly, video.Direction);
        Assert.Equal(new Msid("alice", "t2"), Assert.Single(video.Msids));
        Assert.Contains(video.SsrcGroups, g => g.Semantics == SsrcGroup.Fid);
        Assert.DoesNotContain(video.GetCodecs(), c => c.IsRed);
        Assert.All(video.GetCodecs().Where(c => !c.IsRtx), c => Assert.Contains("transport-cc", c.Feedback));
        Assert.All(offer.Media[1].GetCodecs(), c => Assert.Contains("transport-cc", c.Feedback)); // audio too
        // One extension: the transport-wide sequence number the SFU writes per subscriber (the publisher's are dropped).
        var extension = Assert.Single(video.ExtMaps);
        Assert.Equal(RtpExtensionUris.TransportWideCc, extension.Uri);
        Assert.Equal(1, peer.OfferRevision);
        Assert.True(peer.HasPendingOffer);
        Assert.Equal(sdp, peer.PendingOfferSdp); // what is sent again to a participant whose signaling reconnected
    }

    [Fact]
    public void Later_offers_keep_mids_and_ssrcs_append_new_tracks_and_reject_removed_ones_after_an_answer()
    {
        var peer = _engine.CreateOfferingPeer();
        Assert.True(SessionDescription.TryParse(peer.CreateOffer([Track("t1", "alice", "audio"), Track("t2", "alice", "video")]), out var first, out _));
        Assert.True(peer.TrySetAnswer(BrowserAnswer(first), out var error), error);
        Assert.False(peer.HasPendingOffer);
        Assert.Null(peer.PendingOfferSdp);
        Assert.True(peer.TryGetOutgoingTrack("t2", out var videoSection));
        Assert.Equal("2", videoSection.Mid);
        Assert.Equal(first.Media[2].Ssrcs[0].Ssrc, videoSection.LocalSsrc);
        Assert.NotNull(peer.DtlsRole); // the transport exists from the first answer on

        Assert.True(SessionDescription.TryParse(peer.CreateOffer([Track("t2", "alice", "video"), Track("t3", "bob", "video")]), out var second, out _));
        Assert.Equal(2, peer.OfferRevision);
        Assert.Equal(4, second.Media.Count);
        Assert.True(second.Media[1].IsRejected);                   // t1 went away: port 0, stays in place
        Assert.Equal(MediaDirection.Inactive, second.Media[1].Direction);
        Assert.Equal(["0", "2", "3"], second.BundleGroup!.Mids);
        Assert.Equal(first.Media[2].Ssrcs[0].Ssrc, second.Media[2].Ssrcs[0].Ssrc); // t2 unchanged
        Assert.Equal(new Msid("bob", "t3"), second.Media[3].Msids.Single());

        Assert.True(peer.TrySetAnswer(BrowserAnswer(second), out error), error);
        Assert.Same(videoSection, peer.Tracks.Single(t => t.Mid == "2"));   // what it learned survives
        Assert.False(peer.TryGetOutgoingTrack("t1", out _));
        Assert.True(peer.TryGetOutgoingTrack("t3", out _));
    }

    [Fact]
    public void Bad_answers_get_clear_errors_and_change_nothing()
    {
        var peer = _engine.CreateOfferingPeer();
        Assert.False(peer.TrySetAnswer("v=0", out var error));
        Assert.Contains("no offer", error);

        Assert.True(SessionDescription.TryParse(peer.CreateOffer([Track("t1", "alice", "audio")]), out var offer, out _));
        Assert.False(peer.TrySetAnswer("garbage", out error));
        Assert.Contains("not a valid SDP answer", error);
        var answer = BrowserAnswer(offer);
        var wrongCount = answer.Replace("m=audio", "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:9\r\nm=audio");
        Assert.False(peer.TrySetAnswer(wrongCount, out error));
        Assert.Contains("m= sections", error);
        Assert.False(peer.TrySetAnswer(answer.Replace("a=setup:active", "a=setup:actpass"), out error));
        Assert.Contains("actpass", error);
        Assert.True(peer.HasPendingOffer);
        Assert.True(peer.TrySetAnswer(answer, out error), error);
        Assert.False(peer.TrySetAnswer(answer, out error)); // answered already
    }

    [Fact]
    public void A_publisher_re_offer_on_the_same_ice_session_keeps_the_connection_and_its_tracks()
    {
        Assert.True(_engine.TryAcceptOffer(BrowserOffers.Chromium, new PeerOptions { AcceptSimulcast = false }, out var peer, out _, out var error), error);
        var audio = peer.Tracks[0];

        // Same ICE credentials and fingerprint, one more video section (a screen share).
        string reoffer = AddVideoSection(BrowserOffers.Chromium, "3", "screen-track");
        Assert.True(peer.TryRenegotiate(reoffer, out var answerSdp, out error), error);
        Assert.True(SessionDescription.TryParse(answerSdp, out var answer, out _));
        Assert.Equal(4, answer.Media.Count);
        Assert.Same(audio, peer.Tracks[0]);
        Assert.Equal("screen-track", peer.Tracks.Single(t => t.Mid == "3").RemoteMsid?.TrackId);

        Assert.False(peer.TryRenegotiate(BrowserOffers.Chromium.Replace("a=ice-ufrag:", "a=ice-ufrag:x"), out _, out error));
        Assert.Contains("restarts ICE", error);
        Assert.False(peer.TryRenegotiate("garbage", out _, out error));
        Assert.Equal(3, peer.Tracks.Count); // unchanged by the refused offers
    }

    [Fact]
    public void An_answering_peer_makes_no_offers_and_an_offering_peer_takes_no_re_offers()
    {
        Assert.True(_engine.TryAcceptOffer(BrowserOffers.Chromium, new PeerOptions(), out var answering, out _, out _));
        Assert.Throws<InvalidOperationException>(() => answering.CreateOffer([]));
        Assert.False(answering.TrySetAnswer("v=0", out _));
        var offering = _engine.CreateOfferingPeer();
        Assert.False(offering.TryRenegotiate(BrowserOffers.Chromium, out _, out var error));
        Assert.Contains("TrySetAnswer", error);
    }

    /// <summary>What a browser answers: each offered section accepted with our capabilities, a=setup:active.</summary>
    private static string BrowserAnswer(SessionDescription offer) => SessionAnswerBuilder.CreateAnswer(offer, new SessionAnswerOptions
    {
        IceUfrag = "brow", IcePwd = "browserpasswordbrowserpw",
        Fingerprint = new Fingerprint("sha-256", Enumerable.Repeat((byte)0xAB, 32).ToArray()),
        Setup = SetupRole.Active,
        CapabilitiesFor = offered => offered.IsRejected ? null : offered.Kind switch
        {
            MediaDescription.Audio => ServerMediaCapabilities.Audio(),
            MediaDescription.Video => ServerMediaCapabilities.Video(false),
            _ => ServerMediaCapabilities.DataChannels(262144),
        },
    }).ToString();

    private static string AddVideoSection(string offer, string mid, string trackId)
    {
        Assert.True(SessionDescription.TryParse(offer, out var sdp, out _));
        Assert.True(SessionDescription.TryParse(offer, out var copy, out _));
        var video = copy.Media.First(m => m.Kind == MediaDescription.Video);
        video.Mid = mid;
        video.Msids.Clear();
        video.Msids.Add(new Msid("stream", trackId));
        video.Ssrcs.Clear();
        video.SsrcGroups.Clear();
        video.Rids.Clear();
        video.Simulcast = null;
        sdp.Media.Add(video);
        sdp.Groups.Clear();
        sdp.Groups.Add(new SdpGroup(SdpGroup.Bundle, sdp.Media.Select(m => m.Mid!).ToList()));
        return sdp.ToString();
    }
}

using Conference.Media.Dtls;
using Conference.Media.Ice;
using Conference.Media.Peer;
using Conference.Media.Sdp;

namespace Conference.Media.Tests.Peer;

/// <summary>Our client answering an SFU-style offer and its re-offers: what the answers say, what becomes routable, what is refused.</summary>
public sealed class ClientAnswerTests
{
    private static WebRtcClientPeer NewClient() =>
        WebRtcClientPeer.Create(new WebRtcClientOptions { Certificate = ClientAnswerOffers.Certificate });

    private static SessionDescription Accept(WebRtcClientPeer client, SessionDescription offer)
    {
        Assert.True(client.TryAcceptOffer(offer.ToString(), null, out string? answer, out string? error), error);
        Assert.True(SessionDescription.TryParse(answer, out SessionDescription parsed, out string parseError), parseError);
        return parsed;
    }

    [Fact]
    public async Task Answers_an_ice_lite_actpass_offer_active_recvonly_bundled_with_its_candidate()
    {
        await using WebRtcClientPeer client = NewClient();
        var ice = IceCredentials.Generate();
        SessionDescription offer = ClientAnswerOffers.SfuOffer(ice, ("audio", 0xA1), ("video", 0xB1));

        SessionDescription answer = Accept(client, offer);

        Assert.False(answer.IceLite);
        Assert.Equal(["0", "1", "2"], answer.Media.Select(m => m.Mid));
        Assert.Equal(["0", "1", "2"], answer.BundleGroup!.Mids);
        Assert.All(answer.Media, m => Assert.Equal(SetupRole.Active, m.Setup)); // RFC 5763 §5
        Assert.Equal(MediaDescription.Application, answer.Media[0].Kind);
        Assert.Equal(5000, answer.Media[0].SctpPort);
        Assert.All(answer.Media.Skip(1), m => Assert.Equal(MediaDirection.RecvOnly, m.Direction));
        Assert.All(answer.Media, m => Assert.Empty(m.Ssrcs)); // we send nothing, so we announce no source
        IceCandidate candidate = Assert.Single(answer.Media[0].Candidates);
        Assert.Equal(client.LocalEndPoint.Port, candidate.Port);
        Assert.True(answer.Media[0].EndOfCandidates);
        Assert.Equal("opus", answer.Media[1].GetCodecs().Single().Name);
        Assert.Equal(96, answer.Media[2].GetCodecs().Single(c => c.Name == "VP8").PayloadType); // the offerer's payload type

        Assert.Equal([("audio", "1", 0xA1u), ("video", "2", 0xB1u)],
            client.Tracks.Select(t => (t.Kind, t.Mid, t.RemoteSsrcs.Single())));
        Assert.Equal("publisher-1", client.Tracks[1].RemoteMsid?.StreamId);
        Assert.Equal("track-2", client.Tracks[1].RemoteMsid?.TrackId);
        Assert.Equal(DtlsRole.Client, client.DtlsRole);
    }

    [Fact]
    public async Task A_re_offer_appends_and_removes_sections_on_the_same_transport()
    {
        await using WebRtcClientPeer client = NewClient();
        var ice = IceCredentials.Generate();
        SessionDescription offer = ClientAnswerOffers.SfuOffer(ice, ("audio", 0xA1), ("video", 0xB1));
        SessionDescription first = Accept(client, offer);
        PeerTrack audio = client.Tracks[0];

        ClientAnswerOffers.Append(offer, ice, "video", 0xC1, "publisher-2");
        ClientAnswerOffers.Remove(offer, "2");
        SessionDescription second = Accept(client, offer);

        Assert.Equal(["0", "1", "2", "3"], second.Media.Select(m => m.Mid));
        Assert.True(second.Media[2].IsRejected); // RFC 3264 §6: the answer to a port-0 section is port 0
        Assert.Equal(["0", "1", "3"], second.BundleGroup!.Mids);
        Assert.Equal(MediaDirection.RecvOnly, second.Media[3].Direction);
        // Same transport: ICE credentials, fingerprint and DTLS role do not change; the version goes up (RFC 3264 §8).
        Assert.Equal(first.Media[0].IceUfrag, second.Media[0].IceUfrag);
        Assert.Equal(first.Media[0].IcePwd, second.Media[0].IcePwd);
        Assert.Equal(first.Media[0].Fingerprints.Single().ToString(), second.Media[0].Fingerprints.Single().ToString());
        Assert.Equal(SetupRole.Active, second.Media[3].Setup);
        Assert.Equal(first.Origin.SessionId, second.Origin.SessionId);
        Assert.Equal("2", second.Origin.SessionVersion);

        Assert.Equal(["1", "3"], client.Tracks.Select(t => t.Mid));
        Assert.Same(audio, client.Tracks[0]); // kept, with whatever SSRCs it learned
        Assert.Equal(0xC1u, client.Tracks[1].RemoteSsrcs.Single());
    }

    [Fact]
    public async Task Answers_a_full_ice_offerer_and_keeps_passive_when_the_offer_is_active()
    {
        await using WebRtcClientPeer client = NewClient();
        var ice = IceCredentials.Generate();
        SessionDescription offer = ClientAnswerOffers.SfuOffer(ice, ("audio", 0xA1));
        offer.IceLite = false;
        foreach (MediaDescription media in offer.Media) media.Setup = SetupRole.Active;

        SessionDescription answer = Accept(client, offer);

        Assert.All(answer.Media, m => Assert.Equal(SetupRole.Passive, m.Setup)); // RFC 4145 §4: the other end of active
        Assert.Equal(DtlsRole.Server, client.DtlsRole);
    }

    [Fact]
    public async Task Refuses_bad_offers_with_a_reason_and_never_throws()
    {
        await using WebRtcClientPeer client = NewClient();
        var ice = IceCredentials.Generate();
        string Refused(string sdp)
        {
            Assert.False(client.TryAcceptOffer(sdp, null, out string? answer, out string? error));
            Assert.Null(answer);
            return error!;
        }

        Assert.Contains("not a valid SDP", Refused("garbage"));
        Assert.Contains("not a valid SDP", Refused(""));
        SessionDescription noFingerprint = ClientAnswerOffers.SfuOffer(ice, ("audio", 1));
        noFingerprint.Media.ForEach(m => m.Fingerprints.Clear());
        Assert.Contains("fingerprint", Refused(noFingerprint.ToString()));
        SessionDescription noIce = ClientAnswerOffers.SfuOffer(ice, ("audio", 1));
        noIce.Media.ForEach(m => m.IceUfrag = null);
        Assert.Contains("ice-ufrag", Refused(noIce.ToString()));
        SessionDescription nothingUsable = ClientAnswerOffers.SfuOffer(ice);
        nothingUsable.Media[0].Formats[0] = "something-else";
        Assert.Contains("no m= section could be accepted", Refused(nothingUsable.ToString()));
        Assert.Empty(client.Tracks);
        Assert.Null(client.DtlsRole); // nothing was started by a refused offer
    }

    [Fact]
    public async Task Refuses_re_offers_that_restart_ice_change_the_certificate_or_drop_sections_and_keeps_its_tracks()
    {
        await using WebRtcClientPeer client = NewClient();
        var ice = IceCredentials.Generate();
        SessionDescription offer = ClientAnswerOffers.SfuOffer(ice, ("audio", 0xA1), ("video", 0xB1));
        Accept(client, offer);
        PeerTrack[] before = client.Tracks.ToArray();
        string Refused(SessionDescription reOffer)
        {
            Assert.False(client.TryAcceptOffer(reOffer.ToString(), null, out _, out string? error));
            return error!;
        }

        SessionDescription restart = ClientAnswerOffers.SfuOffer(IceCredentials.Generate(), ("audio", 0xA1), ("video", 0xB1));
        Assert.Contains("ICE restart", Refused(restart));
        SessionDescription otherCertificate = ClientAnswerOffers.SfuOffer(ice, ("audio", 0xA1), ("video", 0xB1));
        ClientAnswerOffers.Stamp(otherCertificate, ice, DtlsCertificate.Generate());
        Assert.Contains("fingerprint", Refused(otherCertificate));
        SessionDescription fewer = ClientAnswerOffers.SfuOffer(ice, ("audio", 0xA1));
        Assert.Contains("fewer", Refused(fewer));
        SessionDescription renamed = ClientAnswerOffers.SfuOffer(ice, ("audio", 0xA1), ("video", 0xB1));
        renamed.Media[2].Mid = "x";
        renamed.BundleGroup!.Mids[2] = "x";
        Assert.Contains("mid", Refused(renamed));
        SessionDescription sameRole = ClientAnswerOffers.SfuOffer(ice, ("audio", 0xA1), ("video", 0xB1));
        sameRole.Media.ForEach(m => m.Setup = SetupRole.Active);
        Assert.Contains("contradicts", Refused(sameRole));

        Assert.Equal(before, client.Tracks);
        Assert.True(client.TryAcceptOffer(offer.ToString(), null, out _, out string? error), error); // still answerable
    }

    [Fact]
    public async Task A_client_that_offered_does_not_answer()
    {
        await using WebRtcClientPeer client = NewClient();
        client.CreateOffer(new ClientOfferOptions().WithAudio(1));
        Assert.False(client.TryAcceptOffer(ClientAnswerOffers.SfuOffer(IceCredentials.Generate(), ("audio", 2)).ToString(), null,
            out _, out string? error));
        Assert.Contains("either offers or answers", error);
    }
}

using Conference.Media.Rtp;
using Conference.Media.Sdp;

namespace Conference.Media.Tests.Sdp;

public sealed class MediaAnswerBuilderTests
{
    private static SessionDescription Chromium()
    {
        Assert.True(SessionDescription.TryParse(BrowserOffers.Chromium, out var sdp, out var error), error);
        return sdp;
    }

    private static LocalMediaCapabilities Video()
    {
        var local = new LocalMediaCapabilities { Direction = MediaDirection.SendRecv, AcceptSimulcast = true };
        // Our own payload types differ from Chromium's on purpose: the answer must use the offerer's.
        var vp8 = new RtpCodec(120, "VP8", 90000);
        vp8.Feedback.AddRange(["nack", "nack pli", "ccm fir", "transport-cc"]);
        var h264 = new RtpCodec(121, "H264", 90000);
        h264.SetFormatParameters("level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e034");
        h264.Feedback.AddRange(["nack", "nack pli", "transport-cc"]);
        local.Codecs.AddRange([vp8, h264, new RtpCodec(122, "rtx", 90000)]);
        local.HeaderExtensionUris.AddRange([RtpExtensionUris.TransportWideCc, RtpExtensionUris.Mid, RtpExtensionUris.RtpStreamId,
            RtpExtensionUris.RepairedRtpStreamId, RtpExtensionUris.AbsSendTime, "urn:example:not-offered"]);
        return local;
    }

    [Fact]
    public void Video_answer_uses_offerer_payload_types_and_intersects_feedback()
    {
        var answer = MediaAnswerBuilder.CreateAnswer(Chromium().Media[1], Video());
        var codecs = answer.GetCodecs();

        // VP8 + its RTX, and only the Constrained Baseline packetization-mode 1 H264 (106) + its RTX (107).
        Assert.Equal(new[] { 96, 97, 106, 107 }, codecs.Select(c => c.PayloadType));
        Assert.Equal(new[] { "transport-cc", "ccm fir", "nack", "nack pli" }, codecs[0].Feedback); // offer order, no goog-remb
        Assert.Equal(96, codecs[1].AssociatedPayloadType);
        Assert.Equal(106, codecs[3].AssociatedPayloadType);
        // RFC 6184 §8.2.2: both allow asymmetry, so our level (5.2) with the offer's profile.
        Assert.Equal("42e034", codecs[2].GetParameter("profile-level-id"));
        Assert.Equal("1", codecs[2].GetParameter("packetization-mode"));
        Assert.Equal(new[] { "96", "97", "106", "107" }, answer.Formats);
    }

    [Fact]
    public void Video_answer_negotiates_extensions_by_uri_with_offerer_ids()
    {
        var answer = MediaAnswerBuilder.CreateAnswer(Chromium().Media[1], Video());
        Assert.Equal(
            new[] { (2, RtpExtensionUris.AbsSendTime), (3, RtpExtensionUris.TransportWideCc), (4, RtpExtensionUris.Mid),
                (10, RtpExtensionUris.RtpStreamId), (11, RtpExtensionUris.RepairedRtpStreamId) },
            answer.ExtMaps.Select(e => (e.Id, e.Uri)));
    }

    [Fact]
    public void Video_answer_reverses_direction_and_simulcast()
    {
        var answer = MediaAnswerBuilder.CreateAnswer(Chromium().Media[1], Video());
        Assert.Equal("1", answer.Mid);
        Assert.Equal(MediaDirection.RecvOnly, answer.Direction); // offer was sendonly
        Assert.True(answer.RtcpMux);
        Assert.True(answer.RtcpReducedSize);
        Assert.Equal("recv q;h;f", answer.Simulcast!.ToString());
        Assert.Equal(new[] { "q recv", "h recv", "f recv max-width=1280;max-height=720" }, answer.Rids.Select(r => r.ToString()));
        Assert.Equal(9, answer.Port);
    }

    [Fact]
    public void Direction_never_exceeds_what_either_side_allows()
    {
        var offer = Chromium().Media[1];
        var local = Video();
        local.Direction = MediaDirection.SendOnly;
        Assert.Equal(MediaDirection.Inactive, MediaAnswerBuilder.CreateAnswer(offer, local).Direction); // they only send, we only send

        offer.Direction = MediaDirection.SendRecv;
        Assert.Equal(MediaDirection.SendOnly, MediaAnswerBuilder.CreateAnswer(offer, local).Direction);
        offer.Direction = MediaDirection.RecvOnly;
        local.Direction = MediaDirection.SendRecv;
        Assert.Equal(MediaDirection.SendOnly, MediaAnswerBuilder.CreateAnswer(offer, local).Direction);
    }

    [Fact]
    public void Audio_answer_keeps_red_only_when_its_targets_are_accepted()
    {
        var audio = Chromium().Media[0];
        var local = new LocalMediaCapabilities();
        var opus = new RtpCodec(100, "opus", 48000, 2);
        opus.SetFormatParameters("minptime=10;useinbandfec=1");
        opus.Feedback.Add("transport-cc");
        local.Codecs.AddRange([opus, new RtpCodec(101, "red", 48000, 2)]);
        local.HeaderExtensionUris.Add(RtpExtensionUris.AudioLevel);

        var answer = MediaAnswerBuilder.CreateAnswer(audio, local);
        var codecs = answer.GetCodecs();
        Assert.Equal(new[] { 111, 63 }, codecs.Select(c => c.PayloadType));
        Assert.Equal("minptime=10;useinbandfec=1", codecs[0].FormatParameters);
        Assert.Equal("111/111", codecs[1].FormatParameters);
        Assert.Equal(MediaDirection.SendRecv, answer.Direction);
        Assert.Equal((1, RtpExtensionUris.AudioLevel), answer.ExtMaps.Select(e => (e.Id, e.Uri)).Single());
        Assert.Null(answer.Simulcast);

        local.Codecs.RemoveAt(0); // no opus: RED would protect nothing, and nothing else matches
        var rejected = MediaAnswerBuilder.CreateAnswer(audio, local);
        Assert.True(rejected.IsRejected);
        Assert.Equal(MediaDirection.Inactive, rejected.Direction);
        Assert.Single(rejected.Formats);
    }

    [Fact]
    public void Data_channel_answer_carries_our_sctp_parameters()
    {
        var answer = MediaAnswerBuilder.CreateAnswer(Chromium().Media[2], new LocalMediaCapabilities { SctpPort = 5000, MaxMessageSize = 65536 });
        Assert.Equal(MediaDescription.Application, answer.Kind);
        Assert.Equal(new[] { MediaDescription.DataChannelFormat }, answer.Formats);
        Assert.Equal(5000, answer.SctpPort);
        Assert.Equal(65536UL, answer.MaxMessageSize);
        Assert.Equal("2", answer.Mid);
        Assert.False(answer.IsRejected);
    }

    [Fact]
    public void Answer_section_fits_into_a_session_that_parses_back()
    {
        var offer = Chromium();
        var session = new SessionDescription();
        session.Groups.Add(new SdpGroup(SdpGroup.Bundle, offer.BundleGroup!.Mids));
        var local = Video();
        foreach (var media in offer.Media)
        {
            var answer = MediaAnswerBuilder.CreateAnswer(media, local);
            answer.IceUfrag = "abcd";
            answer.IcePwd = "0123456789abcdef012345";
            answer.Setup = SetupRole.Passive;
            answer.Fingerprints.Add(new Fingerprint("sha-256", new byte[32]));
            session.Media.Add(answer);
        }
        Assert.True(SessionDescription.TryParse(session.ToString(), out var parsed, out var error), error);
        Assert.Equal(3, parsed.Media.Count);
        Assert.True(parsed.Media[0].IsRejected); // audio: only video codecs offered locally
        Assert.Equal(new[] { 96, 97, 106, 107 }, parsed.Media[1].GetCodecs().Select(c => c.PayloadType));
        Assert.Equal(SetupRole.Passive, parsed.Media[1].Setup);
    }
}

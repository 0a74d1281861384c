using Conference.Media.Sdp;

namespace Conference.Media.Tests.Sdp;

public sealed class SessionDescriptionRoundTripTests
{
    public static TheoryData<string> Offers => new() { BrowserOffers.Chromium, BrowserOffers.Firefox };

    [Theory]
    [MemberData(nameof(Offers))]
    public void Parse_write_parse_keeps_every_field(string offer)
    {
        Assert.True(SessionDescription.TryParse(offer, out var first, out var error), error);
        var written = first.ToString();
        Assert.True(SessionDescription.TryParse(written, out var second, out error), error);

        Assert.Equal(Describe(first), Describe(second));
        Assert.Equal(written, second.ToString()); // the writer is stable
    }

    [Theory]
    [MemberData(nameof(Offers))]
    public void Writer_uses_crlf_and_keeps_every_input_line(string offer)
    {
        Assert.True(SessionDescription.TryParse(offer, out var sdp, out _));
        var written = sdp.ToString();
        Assert.EndsWith("\r\n", written);
        Assert.DoesNotContain("\n", written.Replace("\r\n", ""));
        Assert.StartsWith("v=0\r\no=", written);

        // Same lines, possibly reordered; only msid-semantic's optional space after the colon is normalised.
        var inputLines = offer.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(l => l.Replace("msid-semantic: ", "msid-semantic:")).Order();
        var outputLines = written.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Order();
        Assert.Equal(inputLines, outputLines);
    }

    [Fact]
    public void Writes_per_payload_type_rtpmap_then_rtcp_fb_then_fmtp()
    {
        Assert.True(SessionDescription.TryParse(BrowserOffers.Firefox, out var sdp, out _));
        var lines = sdp.ToString().Split("\r\n").ToList();
        int rtpmap = lines.IndexOf("a=rtpmap:126 H264/90000");
        int fb = lines.IndexOf("a=rtcp-fb:126 nack");
        int fmtp = lines.IndexOf("a=fmtp:126 profile-level-id=42e01f;level-asymmetry-allowed=1;packetization-mode=1");
        Assert.True(rtpmap >= 0 && rtpmap < fb && fb < fmtp);
    }

    [Fact]
    public void Built_description_writes_what_was_set()
    {
        var sdp = new SessionDescription { Origin = new SdpOrigin("-", "42", "1", "IN", "IP4", "127.0.0.1"), IceLite = true };
        sdp.Groups.Add(new SdpGroup(SdpGroup.Bundle, ["0"]));
        var media = new MediaDescription { Kind = MediaDescription.Video, Mid = "0", Direction = MediaDirection.RecvOnly, RtcpMux = true, Connection = SdpConnection.Placeholder };
        var vp8 = new RtpCodec(96, "VP8", 90000);
        vp8.Feedback.Add("nack");
        vp8.Feedback.Add("nack pli");
        var rtx = new RtpCodec(97, "rtx", 90000);
        rtx.Parameters["apt"] = "96";
        media.SetCodecs([vp8, rtx]);
        media.Fingerprints.Add(new Fingerprint("sha-256", [0xAB, 0x01]));
        media.Setup = SetupRole.Passive;
        sdp.Media.Add(media);

        Assert.Equal(
            "v=0\r\no=- 42 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\na=ice-lite\r\n" +
            "m=video 9 UDP/TLS/RTP/SAVPF 96 97\r\nc=IN IP4 0.0.0.0\r\na=fingerprint:sha-256 AB:01\r\na=setup:passive\r\na=mid:0\r\n" +
            "a=recvonly\r\na=rtcp-mux\r\na=rtpmap:96 VP8/90000\r\na=rtcp-fb:96 nack\r\na=rtcp-fb:96 nack pli\r\n" +
            "a=rtpmap:97 rtx/90000\r\na=fmtp:97 apt=96\r\n",
            sdp.ToString());
    }

    /// <summary>A full structural rendering of the model, so equality covers every parsed field.</summary>
    private static string Describe(SessionDescription s)
    {
        var parts = new List<string>
        {
            s.Origin.ToString(), s.SessionName, s.Timing.ToString(), s.Connection?.ToString() ?? "",
            string.Join("|", s.OtherLines), string.Join("|", s.Groups), s.IceLite.ToString(), string.Join("|", s.IceOptions),
            s.IceUfrag ?? "", s.IcePwd ?? "", string.Join("|", s.Fingerprints), s.Setup?.ToString() ?? "",
            s.ExtMapAllowMixed.ToString(), s.MsidSemantic?.ToString() ?? "", string.Join("|", s.ExtMaps), string.Join("|", s.OtherAttributes),
        };
        foreach (var m in s.Media)
        {
            parts.AddRange(
            [
                m.Kind, m.Port.ToString(), m.PortCount?.ToString() ?? "", m.Protocol, string.Join(" ", m.Formats), m.Connection?.ToString() ?? "",
                string.Join("|", m.OtherLines), m.Mid ?? "", m.Direction?.ToString() ?? "", string.Join("|", m.Msids),
                $"{m.RtcpMux}{m.RtcpReducedSize}{m.ExtMapAllowMixed}{m.EndOfCandidates}", string.Join("|", m.ExtMaps),
                string.Join("|", m.RtpMaps.OrderBy(x => x.PayloadType)), string.Join("|", m.Fmtps.OrderBy(x => x.PayloadType)),
                string.Join("|", m.RtcpFeedbacks.OrderBy(x => x.PayloadType)), string.Join("|", m.Ssrcs), string.Join("|", m.SsrcGroups),
                string.Join("|", m.Rids), m.Simulcast?.ToString() ?? "", m.IceUfrag ?? "", m.IcePwd ?? "", string.Join("|", m.IceOptions),
                string.Join("|", m.Fingerprints), m.Setup?.ToString() ?? "", string.Join("|", m.Candidates), m.SctpPort?.ToString() ?? "",
                m.MaxMessageSize?.ToString() ?? "", string.Join("|", m.OtherAttributes), string.Join("|", m.GetCodecs()),
            ]);
        }
        return string.Join("\n", parts);
    }
}

using Conference.Media.Rtp;
using Conference.Media.Sdp;

namespace Conference.Media.Tests.Sdp;

public sealed class SessionDescriptionParseTests
{
    private static SessionDescription Parse(string text)
    {
        Assert.True(SessionDescription.TryParse(text, out var sdp, out var error), error);
        Assert.Equal(string.Empty, error);
        return sdp;
    }

    [Fact]
    public void Parses_chromium_offer_session_level()
    {
        var sdp = Parse(BrowserOffers.Chromium);
        Assert.Equal("4215775240449105457", sdp.Origin.SessionId);
        Assert.Equal("2", sdp.Origin.SessionVersion);
        Assert.Equal("-", sdp.SessionName);
        Assert.Equal(SdpTiming.Unbounded, sdp.Timing);
        Assert.Equal(new[] { "0", "1", "2" }, sdp.BundleGroup!.Mids);
        Assert.True(sdp.ExtMapAllowMixed);
        Assert.Equal("WMS", sdp.MsidSemantic!.Semantic);
        Assert.Equal(new[] { "6f1f3a6e-stream" }, sdp.MsidSemantic.Identifiers);
        Assert.Equal(new[] { MediaDescription.Audio, MediaDescription.Video, MediaDescription.Application }, sdp.Media.Select(m => m.Kind));
    }

    [Fact]
    public void Parses_chromium_audio_section()
    {
        var audio = Parse(BrowserOffers.Chromium).Media[0];
        Assert.Equal("0", audio.Mid);
        Assert.Equal(9, audio.Port);
        Assert.Equal(MediaDescription.RtpProtocol, audio.Protocol);
        Assert.Equal(MediaDirection.SendRecv, audio.Direction);
        Assert.True(audio.RtcpMux);
        Assert.True(audio.RtcpReducedSize);
        Assert.Equal("EsAw", audio.IceUfrag);
        Assert.Equal("P2uYro0UCOQ4zxjKXaWCBui1", audio.IcePwd);
        Assert.Equal(new[] { "trickle" }, audio.IceOptions);
        Assert.Equal(SetupRole.ActPass, audio.Setup);
        var fp = Assert.Single(audio.Fingerprints);
        Assert.Equal("sha-256", fp.Algorithm);
        Assert.Equal(32, fp.Value.Length);
        Assert.Equal(0xD2, fp.Value[0]);
        Assert.Equal(0x0F, fp.Value[31]);
        Assert.Equal(new Msid("6f1f3a6e-stream", "0b7d-audio-track"), Assert.Single(audio.Msids));

        Assert.Equal(1, audio.FindExtMap(RtpExtensionUris.AudioLevel)!.Id);
        Assert.Equal(2, audio.FindExtMap(RtpExtensionUris.AbsSendTime)!.Id);
        Assert.Equal(3, audio.FindExtMap(RtpExtensionUris.TransportWideCc)!.Id);
        Assert.Equal(4, audio.FindExtMap(RtpExtensionUris.Mid)!.Id);

        var codecs = audio.GetCodecs();
        Assert.Equal(new[] { 111, 63, 9, 0, 8, 13, 110, 126 }, codecs.Select(c => c.PayloadType));
        var opus = codecs[0];
        Assert.Equal(("opus", 48000u, (int?)2), (opus.Name, opus.ClockRate, opus.Channels));
        Assert.Equal("1", opus.GetParameter("useinbandfec"));
        Assert.Equal("10", opus.GetParameter("minptime"));
        Assert.Equal(new[] { "transport-cc" }, opus.Feedback);
        Assert.True(codecs[1].IsRed);
        Assert.Equal("111/111", codecs[1].FormatParameters);

        Assert.Equal(2, audio.Ssrcs.Count);
        Assert.Equal(new SsrcAttribute(3735928559, "cname", "4TOk42mSjXCkVIa6"), audio.Ssrcs[0]);
        Assert.Equal("msid", audio.Ssrcs[1].Name);

        Assert.Equal(2, audio.Candidates.Count);
        Assert.EndsWith(".local", audio.Candidates[0].Address);
        Assert.Equal("active", audio.Candidates[1].TcpType);
        Assert.Contains(audio.OtherAttributes, a => a.Name == "rtcp" && a.Value == "9 IN IP4 0.0.0.0");
    }

    [Fact]
    public void Parses_chromium_video_section_codecs_and_simulcast()
    {
        var video = Parse(BrowserOffers.Chromium).Media[1];
        Assert.Equal(MediaDirection.SendOnly, video.Direction);
        int[] expectedExtIds = [14, 2, 13, 3, 5, 6, 7, 8, 4, 10, 11];
        Assert.Equal(expectedExtIds, video.ExtMaps.Select(e => e.Id));
        Assert.Equal(10, video.FindExtMap(RtpExtensionUris.RtpStreamId)!.Id);
        Assert.Equal(11, video.FindExtMap(RtpExtensionUris.RepairedRtpStreamId)!.Id);
        Assert.Equal(13, video.FindExtMap(RtpExtensionUris.VideoOrientation)!.Id);
        Assert.Equal(14, video.FindExtMap(RtpExtensionUris.TransmissionTimeOffset)!.Id);

        var codecs = video.GetCodecs();
        Assert.Equal(25, codecs.Count);
        var vp8 = codecs.Single(c => c.PayloadType == 96);
        Assert.Equal("VP8", vp8.Name);
        Assert.Equal(new[] { "goog-remb", "transport-cc", "ccm fir", "nack", "nack pli" }, vp8.Feedback);
        Assert.Equal(96, codecs.Single(c => c.PayloadType == 97).AssociatedPayloadType);

        var h264 = codecs.Where(c => c.Name == "H264").ToList();
        Assert.Equal(new[] { 102, 104, 106, 108, 127, 39, 112 }, h264.Select(c => c.PayloadType));
        Assert.Equal(new[] { "42001f", "42001f", "42e01f", "42e01f", "4d001f", "4d001f", "64001f" }, h264.Select(c => c.GetParameter("profile-level-id")));
        Assert.Equal(new[] { "1", "0", "1", "0", "1", "0", "1" }, h264.Select(c => c.GetParameter("packetization-mode")));

        Assert.Equal("AV1", codecs.Single(c => c.PayloadType == 45).Name);
        Assert.Equal("0", codecs.Single(c => c.PayloadType == 98).GetParameter("profile-id"));
        Assert.Equal("2", codecs.Single(c => c.PayloadType == 100).GetParameter("profile-id"));
        Assert.True(codecs.Single(c => c.PayloadType == 116).IsRed);
        Assert.True(codecs.Single(c => c.PayloadType == 118).IsUlpfec);

        Assert.Equal(new[] { "q", "h", "f" }, video.Rids.Select(r => r.Id));
        Assert.All(video.Rids, r => Assert.Equal(RidDirection.Send, r.Direction));
        Assert.Equal(new KeyValuePair<string, string?>("max-width", "1280"), video.Rids[2].Restrictions[0]);
        Assert.Equal(new[] { "q", "h", "f" }, video.Simulcast!.Send.Select(alt => Assert.Single(alt).Rid));
        Assert.Empty(video.Simulcast.Recv);
    }

    [Fact]
    public void Parses_chromium_data_channel_section()
    {
        var data = Parse(BrowserOffers.Chromium).Media[2];
        Assert.Equal(MediaDescription.Application, data.Kind);
        Assert.Equal(MediaDescription.SctpProtocol, data.Protocol);
        Assert.Equal(new[] { MediaDescription.DataChannelFormat }, data.Formats);
        Assert.Equal(5000, data.SctpPort);
        Assert.Equal(262144UL, data.MaxMessageSize);
        Assert.Null(data.Direction);
        Assert.Equal(MediaDirection.SendRecv, data.EffectiveDirection);
        Assert.Empty(data.GetCodecs());
    }

    [Fact]
    public void Parses_firefox_offer()
    {
        var sdp = Parse(BrowserOffers.Firefox);
        Assert.StartsWith("mozilla", sdp.Origin.Username);
        Assert.Equal("8211453395209826012", sdp.Origin.SessionId);
        Assert.Single(sdp.Fingerprints); // session-level in Firefox
        Assert.Equal(new[] { "trickle" }, sdp.IceOptions);
        Assert.Equal(new[] { "*" }, sdp.MsidSemantic!.Identifiers);

        var audio = sdp.Media[0];
        Assert.Equal(new ExtMap(2, MediaDirection.RecvOnly, "urn:ietf:params:rtp-hdrext:csrc-audio-level", null), audio.ExtMaps[1]);
        var codecs = audio.GetCodecs();
        Assert.Equal(new[] { 109, 9, 0, 8, 101 }, codecs.Select(c => c.PayloadType));
        Assert.Equal(1, codecs[1].Channels); // G722/8000/1
        Assert.Equal("1", codecs[0].GetParameter("stereo"));
        Assert.True(codecs[4].Parameters.ContainsKey("0-15"));
        Assert.Equal("0-15", codecs[4].FormatParameters);
        Assert.Equal("{5f5b3c2a-1d4e-4f6a-8b9c-0d1e2f3a4b5c}", audio.Msids[0].StreamId);

        var video = sdp.Media[1];
        var group = Assert.Single(video.SsrcGroups);
        Assert.Equal(SsrcGroup.Fid, group.Semantics);
        Assert.Equal(new uint[] { 1111111111, 2222222222 }, group.Ssrcs);
        var vcodecs = video.GetCodecs();
        Assert.Equal(new[] { "VP8", "rtx", "VP9", "rtx", "H264", "rtx", "H264", "rtx" }, vcodecs.Select(c => c.Name));
        Assert.Null(vcodecs[6].GetParameter("packetization-mode"));
        Assert.Equal(MediaDirection.RecvOnly, video.ExtMaps.Single(e => e.Id == 6).Direction);
    }

    [Fact]
    public void Accepts_lf_only_line_endings_and_static_payload_types_without_rtpmap()
    {
        var text = "v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\nt=0 0\nm=audio 9 RTP/AVP 0 8\nc=IN IP4 0.0.0.0\n";
        var sdp = Parse(text);
        var codecs = sdp.Media[0].GetCodecs();
        Assert.Equal(new[] { "PCMU", "PCMA" }, codecs.Select(c => c.Name));
    }

    [Fact]
    public void Legacy_sctp_section_keeps_non_payload_type_formats_verbatim()
    {
        var text = "v=0\r\no=- 123456789012345678901234567890 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n" +
                   "m=application 9 DTLS/SCTP 5000\r\na=sctpmap:5000 webrtc-datachannel 1024\r\na=fmtp:webrtc-datachannel max-message-size=100000\r\n";
        var sdp = Parse(text);
        Assert.Equal("123456789012345678901234567890", sdp.Origin.SessionId); // 1*DIGIT, wider than 64 bits
        var data = sdp.Media[0];
        Assert.Equal(new[] { "5000" }, data.Formats);
        Assert.Contains(new SdpAttribute("fmtp", "webrtc-datachannel max-message-size=100000"), data.OtherAttributes);
        Assert.Contains("a=sctpmap:5000 webrtc-datachannel 1024\r\n", sdp.ToString());
    }

    [Fact]
    public void Unknown_lines_and_attributes_are_kept_on_write()
    {
        var text = string.Join("\r\n",
            "v=0", "o=- 1 1 IN IP4 0.0.0.0", "s=session", "i=about it", "b=AS:2000", "t=0 0",
            "a=x-session-flag", "a=x-session-value: keep  spacing",
            "m=video 9 UDP/TLS/RTP/SAVPF 96", "c=IN IP4 0.0.0.0", "b=AS:500", "b=TIAS:500000",
            "a=mid:v", "a=rtpmap:96 VP8/90000", "a=x-google-flag:conference", "a=bundle-only", "a=framerate:30", "");
        var sdp = Parse(text);
        Assert.Contains(new SdpAttribute("x-session-flag", null), sdp.OtherAttributes);
        Assert.Contains(new SdpAttribute("x-google-flag", "conference"), sdp.Media[0].OtherAttributes);

        var written = sdp.ToString();
        foreach (var line in new[] { "i=about it", "b=AS:2000", "a=x-session-flag", "a=x-session-value: keep  spacing",
                     "b=AS:500", "b=TIAS:500000", "a=x-google-flag:conference", "a=bundle-only", "a=framerate:30" })
        {
            Assert.Contains(line + "\r\n", written);
        }
        // RFC 8866 §5 order: i= before t=, media b= after c=.
        Assert.True(written.IndexOf("i=about it", StringComparison.Ordinal) < written.IndexOf("t=0 0", StringComparison.Ordinal));
        Assert.True(written.IndexOf("c=IN IP4 0.0.0.0", StringComparison.Ordinal) < written.IndexOf("b=AS:500\r\n", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null, "empty")]
    [InlineData("", "empty")]
    [InlineData("hello world", "line 1")]
    [InlineData("v=1\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\n", "v=0")]
    [InlineData("o=- 1 1 IN IP4 0.0.0.0\r\nv=0\r\ns=-\r\n", "v=0")]
    [InlineData("v=0\r\ns=-\r\nt=0 0\r\n", "missing")]
    [InlineData("v=0\r\no=- 1 1 IN IP4\r\ns=-\r\n", "o=")]
    [InlineData("v=0\r\no=- abc 1 IN IP4 0.0.0.0\r\ns=-\r\n", "o=")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nx=unknown\r\n", "type")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0\r\n", "t=")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nm=audio 9\r\n", "m=")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nm=audio 70000 RTP/AVP 0\r\n", "port")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nm=audio 9 RTP/AVP 0\r\na=rtpmap:200 x/1\r\n", "rtpmap")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nm=audio 9 RTP/AVP 0\r\na=rtpmap:96 opus\r\n", "rtpmap")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nm=audio 9 RTP/AVP 0\r\na=extmap:0 urn:x\r\n", "extmap")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nm=audio 9 RTP/AVP 0\r\na=fingerprint:sha-256 ZZ:00\r\n", "fingerprint")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nm=audio 9 RTP/AVP 0\r\na=setup:sideways\r\n", "setup")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nm=audio 9 RTP/AVP 0\r\na=candidate:1 1 udp 1 1.2.3.4 99999 typ host\r\n", "port")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nm=audio 9 RTP/AVP 0\r\na=ssrc:-1 cname:x\r\n", "ssrc")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nm=audio 9 RTP/AVP 0\r\na=simulcast:send a;b recv\r\n", "simulcast")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nm=audio 9 RTP/AVP 0\r\na=rid:a sideways\r\n", "rid")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=sctp-port:-5\r\n", "sctp-port")]
    public void Rejects_malformed_sdp_with_an_error(string? text, string errorMentions)
    {
        Assert.False(SessionDescription.TryParse(text, out var sdp, out var error));
        Assert.Null(sdp);
        Assert.Contains(errorMentions, error, StringComparison.OrdinalIgnoreCase);
    }
}

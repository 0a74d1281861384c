using Conference.Media.Rtp;
using Conference.Media.Sdp;

namespace Conference.Media.Tests.Sdp;

public sealed class SessionAnswerBuilderTests
{
    [Fact]
    public void Answers_chromium_offer_with_bundle_of_accepted_sections()
    {
        Assert.True(SessionDescription.TryParse(BrowserOffers.Chromium, out var offer, out var error), error);
        var audio = new LocalMediaCapabilities();
        audio.Codecs.Add(new RtpCodec(0, "opus", 48000, 2));
        audio.HeaderExtensionUris.Add(RtpExtensionUris.Mid);
        Assert.True(IceCandidate.TryParse("candidate:1 1 udp 2130706431 127.0.0.1 3478 typ host", out var candidate, out _));

        var answer = SessionAnswerBuilder.CreateAnswer(offer, new SessionAnswerOptions
        {
            IceUfrag = "srvr",
            IcePwd = "0123456789abcdef012345",
            Fingerprint = new Fingerprint("sha-256", new byte[32]),
            IceLite = true,
            Candidates = [candidate],
            // No video capabilities: the video section is rejected and left out of BUNDLE.
            CapabilitiesFor = m => m.Kind switch
            {
                MediaDescription.Audio => audio,
                MediaDescription.Application => new LocalMediaCapabilities(),
                _ => null,
            },
        });

        Assert.Equal(new[] { "0", "2" }, answer.BundleGroup!.Mids);
        Assert.True(answer.IceLite);
        Assert.True(answer.ExtMapAllowMixed);
        Assert.Equal(new[] { "0", "1", "2" }, answer.Media.Select(m => m.Mid));
        Assert.True(answer.Media[1].IsRejected);
        Assert.Null(answer.Media[1].IceUfrag);

        var first = answer.Media[0];
        Assert.Equal(SetupRole.Passive, first.Setup);
        Assert.Equal("srvr", first.IceUfrag);
        Assert.Single(first.Candidates);
        Assert.True(first.EndOfCandidates);
        Assert.Empty(answer.Media[2].Candidates);
        Assert.Equal(5000, answer.Media[2].SctpPort);

        Assert.True(SessionDescription.TryParse(answer.ToString(), out var reparsed, out error), error);
        Assert.Equal(answer.ToString(), reparsed.ToString());
        Assert.Equal(new[] { 111 }, reparsed.Media[0].GetCodecs().Select(c => c.PayloadType));
    }
}

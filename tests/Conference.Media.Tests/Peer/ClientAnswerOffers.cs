using System.Globalization;
using Conference.Media.Dtls;
using Conference.Media.Ice;
using Conference.Media.Rtp;
using Conference.Media.Sdp;

namespace Conference.Media.Tests.Peer;

/// <summary>
/// Offers written with our own SDP model the way the SFU's subscriber connection offers (docs: /tmp spec, issue 4):
/// ICE-lite, a=setup:actpass, BUNDLE, m=application first, then one sendonly section per forwarded track with a=msid
/// and a=ssrc; re-offers append sections or set a section's port to 0.
/// </summary>
internal static class ClientAnswerOffers
{
    public static readonly DtlsCertificate Certificate = DtlsCertificate.Generate();

    public static SessionDescription SfuOffer(IceCredentials ice, params (string Kind, uint Ssrc)[] tracks)
    {
        var offer = new SessionDescription
        {
            Origin = new SdpOrigin("-", "4242", "1", "IN", "IP4", "127.0.0.1"),
            IceLite = true,
            MsidSemantic = new MsidSemantic("WMS", []),
        };
        var data = new MediaDescription
        {
            Kind = MediaDescription.Application, Protocol = MediaDescription.SctpProtocol, Connection = SdpConnection.Placeholder,
            Mid = "0", SctpPort = 5000, MaxMessageSize = 262144,
        };
        data.Formats.Add(MediaDescription.DataChannelFormat);
        offer.Media.Add(data);
        data.Candidates.Add(new IceCandidate
        {
            Foundation = "1", Component = 1, Transport = "udp", Priority = 2130706431, Address = "127.0.0.1", Port = 9, Type = "host",
        });
        data.EndOfCandidates = true;
        offer.Groups.Add(new SdpGroup(SdpGroup.Bundle, ["0"]));
        foreach ((string kind, uint ssrc) in tracks) Append(offer, ice, kind, ssrc, "publisher-1");
        Stamp(offer, ice);
        return offer;
    }

    /// <summary>Appends a sendonly section with a fresh mid (sections are never reused) and puts it in the BUNDLE group.</summary>
    public static MediaDescription Append(SessionDescription offer, IceCredentials ice, string kind, uint ssrc, string streamId)
    {
        string mid = offer.Media.Count.ToString(CultureInfo.InvariantCulture);
        var media = new MediaDescription
        {
            Kind = kind, Protocol = MediaDescription.RtpProtocol, Connection = SdpConnection.Placeholder, Mid = mid,
            Direction = MediaDirection.SendOnly, RtcpMux = true, RtcpReducedSize = true,
        };
        if (kind == MediaDescription.Audio)
        {
            var opus = new RtpCodec(111, "opus", 48000, 2);
            opus.SetFormatParameters("minptime=10;useinbandfec=1");
            media.SetCodecs([opus]);
            media.ExtMaps.Add(new ExtMap(1, null, RtpExtensionUris.AudioLevel, null));
        }
        else
        {
            var vp8 = new RtpCodec(96, "VP8", 90000);
            vp8.Feedback.AddRange(["nack", "nack pli", "ccm fir"]);
            media.SetCodecs([vp8]);
        }
        media.ExtMaps.Add(new ExtMap(4, null, RtpExtensionUris.Mid, null));
        string trackId = $"track-{mid}";
        media.Msids.Add(new Msid(streamId, trackId));
        media.Ssrcs.Add(new SsrcAttribute(ssrc, "cname", streamId));
        media.Ssrcs.Add(new SsrcAttribute(ssrc, "msid", $"{streamId} {trackId}"));
        offer.Media.Add(media);
        offer.BundleGroup!.Mids.Add(mid);
        Stamp(offer, ice);
        return media;
    }

    /// <summary>RFC 3264 §8.2: a removed stream keeps its m= line with port 0; JSEP takes it out of the BUNDLE group.</summary>
    public static void Remove(SessionDescription offer, string mid)
    {
        MediaDescription media = offer.FindMedia(mid)!;
        media.Port = 0;
        media.Direction = MediaDirection.Inactive;
        offer.BundleGroup!.Mids.Remove(mid);
    }

    /// <summary>The offerer's transport parameters on every section, as browsers and our SFU write them.</summary>
    public static void Stamp(SessionDescription offer, IceCredentials ice, DtlsCertificate? certificate = null)
    {
        certificate ??= Certificate;
        foreach (MediaDescription media in offer.Media)
        {
            media.IceUfrag = ice.Ufrag;
            media.IcePwd = ice.Password;
            media.Fingerprints.Clear();
            media.Fingerprints.Add(new Fingerprint(certificate.Fingerprint.Algorithm, certificate.Fingerprint.Value));
            media.Setup = SetupRole.ActPass;
        }
    }
}

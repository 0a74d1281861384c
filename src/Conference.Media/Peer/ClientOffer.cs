using System.Globalization;
using Conference.Media.Dtls;
using Conference.Media.Ice;
using Conference.Media.Rtp;
using Conference.Media.Sdp;

namespace Conference.Media.Peer;

/// <summary>Writes a unified-plan offer the way browsers do (BUNDLE, rtcp-mux, mid extension, actpass; JSEP RFC 8829 §5.2.1).</summary>
internal static class ClientOffer
{
    // Header extension ids are ours to pick in an offer (RFC 8285 §5); the answer echoes them.
    private const int MidExtensionId = 1;
    private const int AudioLevelExtensionId = 2;
    private const int AbsSendTimeExtensionId = 3;
    private const int TransportCcExtensionId = 4;

    public static SessionDescription Create(ClientOfferOptions options, IceCredentials ice, DtlsCertificate certificate,
        IceCandidate candidate, int maxMessageSize)
    {
        var offer = new SessionDescription
        {
            Origin = new SdpOrigin("-", Random.Shared.NextInt64(1, long.MaxValue).ToString(CultureInfo.InvariantCulture), "1", "IN", "IP4", "127.0.0.1"),
            MsidSemantic = new MsidSemantic("WMS", []),
        };
        var mids = new List<string>();
        foreach (ClientMediaSection section in options.Media)
        {
            offer.Media.Add(MediaSection(section, mids.Count.ToString(CultureInfo.InvariantCulture)));
            mids.Add(offer.Media[^1].Mid!);
        }
        if (options.DataChannel)
        {
            var data = new MediaDescription
            {
                Kind = MediaDescription.Application, Protocol = MediaDescription.SctpProtocol,
                Connection = SdpConnection.Placeholder, Mid = mids.Count.ToString(CultureInfo.InvariantCulture),
                SctpPort = 5000, MaxMessageSize = (ulong)maxMessageSize,
            };
            data.Formats.Add(MediaDescription.DataChannelFormat);
            offer.Media.Add(data);
            mids.Add(data.Mid);
        }
        if (offer.Media.Count == 0) throw new ArgumentException("An offer needs at least one media section or a data channel.", nameof(options));

        var fingerprint = new Fingerprint(certificate.Fingerprint.Algorithm, certificate.Fingerprint.Value);
        foreach (MediaDescription media in offer.Media)
        {
            media.IceUfrag = ice.Ufrag;
            media.IcePwd = ice.Password;
            media.Fingerprints.Add(fingerprint);
            media.Setup = SetupRole.ActPass; // RFC 5763 §5: the offerer lets the answerer choose
        }
        offer.Media[0].Candidates.Add(candidate);
        offer.Media[0].EndOfCandidates = true;
        offer.Groups.Add(new SdpGroup(SdpGroup.Bundle, mids));
        return offer;
    }

    private static MediaDescription MediaSection(ClientMediaSection section, string mid)
    {
        var media = new MediaDescription
        {
            Kind = section.Kind, Protocol = MediaDescription.RtpProtocol, Connection = SdpConnection.Placeholder,
            Mid = mid, Direction = section.Direction, RtcpMux = true, RtcpReducedSize = true,
        };
        media.SetCodecs(section.Codecs ?? DefaultCodecs(section.Kind));
        media.ExtMaps.Add(new ExtMap(MidExtensionId, null, RtpExtensionUris.Mid, null));
        if (section.Kind == MediaDescription.Audio) media.ExtMaps.Add(new ExtMap(AudioLevelExtensionId, null, RtpExtensionUris.AudioLevel, null));
        media.ExtMaps.Add(new ExtMap(AbsSendTimeExtensionId, null, RtpExtensionUris.AbsSendTime, null));
        media.ExtMaps.Add(new ExtMap(TransportCcExtensionId, null, RtpExtensionUris.TransportWideCc, null));
        if (section.Direction.Sends())
        {
            string trackId = $"{section.Kind}-{mid}";
            media.Msids.Add(new Msid(section.StreamId, trackId));
            AddSsrc(media, section.Ssrc, section.StreamId, trackId);
            if (section.RtxSsrc is { } rtx)
            {
                media.SsrcGroups.Add(new SsrcGroup(SsrcGroup.Fid, [section.Ssrc, rtx]));
                AddSsrc(media, rtx, section.StreamId, trackId);
            }
        }
        return media;
    }

    private static void AddSsrc(MediaDescription media, uint ssrc, string streamId, string trackId)
    {
        media.Ssrcs.Add(new SsrcAttribute(ssrc, "cname", streamId));
        media.Ssrcs.Add(new SsrcAttribute(ssrc, "msid", $"{streamId} {trackId}"));
    }

    private static List<RtpCodec> DefaultCodecs(string kind)
    {
        if (kind == MediaDescription.Audio)
        {
            var opus = new RtpCodec(111, "opus", 48000, 2);
            opus.SetFormatParameters("minptime=10;useinbandfec=1");
            opus.Feedback.Add("transport-cc");
            return [opus];
        }
        var vp8 = new RtpCodec(96, "VP8", 90000);
        vp8.Feedback.AddRange(["goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"]);
        var rtx = new RtpCodec(97, "rtx", 90000);
        rtx.Parameters["apt"] = "96";
        return [vp8, rtx];
    }
}

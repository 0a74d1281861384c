using System.Globalization;
using Conference.Media.Dtls;
using Conference.Media.Ice;
using Conference.Media.Sdp;

namespace Conference.Media.Peer;

/// <summary>The engine's answer to one offer, and the tracks and data section it negotiated.</summary>
internal sealed record ServerAnswer(SessionDescription Answer, IReadOnlyList<PeerTrack> Tracks, MediaDescription? OfferedDataSection)
{
    /// <summary>
    /// Answers every offered section we can serve on the one BUNDLE transport (RFC 8843 §7.3): audio/video
    /// with rtcp-mux and a supported codec, an SCTP data channel section; everything else is rejected (port 0).
    /// </summary>
    public static bool TryCreate(SessionDescription offer, PeerOptions options, IceCredentials local, DtlsCertificate certificate,
        SetupRole setup, IceCandidate candidate, string streamId, out ServerAnswer? answer, out string error)
    {
        answer = null;
        SdpGroup? bundle = offer.BundleGroup;
        var answerOptions = new SessionAnswerOptions
        {
            IceUfrag = local.Ufrag,
            IcePwd = local.Password,
            Fingerprint = new Fingerprint(certificate.Fingerprint.Algorithm, certificate.Fingerprint.Value),
            Setup = setup,
            IceLite = true,
            SessionId = RandomNumber().ToString(CultureInfo.InvariantCulture),
            Candidates = [candidate],
            CapabilitiesFor = offered => CapabilitiesFor(offered, bundle, options),
        };
        SessionDescription sdp = SessionAnswerBuilder.CreateAnswer(offer, answerOptions);

        int accepted = sdp.Media.Count(m => !m.IsRejected);
        if (accepted == 0)
        {
            error = "no m= section could be accepted: each needs a mid, rtcp-mux and a codec we support (audio/video), " +
                "or webrtc-datachannel over UDP/DTLS/SCTP, and must be in the BUNDLE group when there is one";
            return false;
        }
        if (bundle is null && accepted > 1)
        {
            error = "the offer has several m= sections but no a=group:BUNDLE; this server serves one transport (RFC 8843)";
            return false;
        }

        var tracks = new List<PeerTrack>();
        var usedSsrcs = new HashSet<uint>();
        MediaDescription? dataSection = null;
        for (int i = 0; i < offer.Media.Count; i++)
        {
            MediaDescription offered = offer.Media[i], answered = sdp.Media[i];
            if (answered.IsRejected) continue;
            if (answered.Kind == MediaDescription.Application) dataSection = offered;
            else tracks.Add(CreateTrack(offered, answered, streamId, usedSsrcs));
        }
        answer = new ServerAnswer(sdp, tracks, dataSection);
        error = "";
        return true;
    }

    private static LocalMediaCapabilities? CapabilitiesFor(MediaDescription offered, SdpGroup? bundle, PeerOptions options)
    {
        if (offered.IsRejected || offered.Mid is null) return null;
        if (bundle is not null && !bundle.Mids.Contains(offered.Mid)) return null;
        return offered.Kind switch
        {
            // JSEP RFC 8829 §5.3.1 lets the answerer require rtcp-mux; browsers always offer it.
            MediaDescription.Audio when offered.IsRtp && offered.RtcpMux => ServerMediaCapabilities.Audio(),
            MediaDescription.Video when offered.IsRtp && offered.RtcpMux => ServerMediaCapabilities.Video(options.AcceptSimulcast),
            MediaDescription.Application when options.AcceptDataChannels && offered.Protocol.Contains("SCTP", StringComparison.Ordinal)
                => ServerMediaCapabilities.DataChannels(options.MaxMessageSize),
            _ => null,
        };
    }

    private static PeerTrack CreateTrack(MediaDescription offered, MediaDescription answered, string streamId, HashSet<uint> used)
    {
        List<RtpCodec> codecs = answered.GetCodecs();
        MediaDirection direction = answered.EffectiveDirection;
        uint localSsrc = 0;
        uint? rtxSsrc = null;
        if (direction.Sends())
        {
            // RFC 8830 §2 msid + RFC 5576 ssrc lines, so the browser maps what we send to a track.
            string trackId = $"{answered.Kind}-{answered.Mid}";
            string cname = streamId;
            localSsrc = NewSsrc(used);
            answered.Msids.Add(new Msid(streamId, trackId));
            AddSsrcLines(answered, localSsrc, cname, streamId, trackId);
            if (codecs.Any(c => c.IsRtx))
            {
                rtxSsrc = NewSsrc(used);
                answered.SsrcGroups.Add(new SsrcGroup(SsrcGroup.Fid, [localSsrc, rtxSsrc.Value]));
                AddSsrcLines(answered, rtxSsrc.Value, cname, streamId, trackId);
            }
        }

        var extensions = new Dictionary<string, byte>(StringComparer.Ordinal);
        foreach (ExtMap ext in answered.ExtMaps)
        {
            if (ext.Id is > 0 and < 256) extensions.TryAdd(ext.Uri, (byte)ext.Id);
        }
        string[] rids = answered.Simulcast is null
            ? []
            : offered.Rids.Where(r => r.Direction == RidDirection.Send).Select(r => r.Id).ToArray();
        return new PeerTrack(answered.Mid!, answered.Kind, localSsrc, rtxSsrc, offered.Ssrcs.Select(s => s.Ssrc),
            codecs, extensions, direction, rids) { RemoteMsid = RemoteMsidOf(offered) };
    }

    /// <summary>a=msid, else the legacy a=ssrc msid attribute (RFC 8830 §2, RFC 5576 §4.1).</summary>
    private static Msid? RemoteMsidOf(MediaDescription offered)
    {
        if (offered.Msids.Count > 0) return offered.Msids[0];
        SsrcAttribute? legacy = offered.Ssrcs.FirstOrDefault(s => s.Name == "msid" && !string.IsNullOrEmpty(s.Value));
        if (legacy?.Value is not { } value) return null;
        string[] parts = value.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        return new Msid(parts[0], parts.Length > 1 ? parts[1] : null);
    }

    private static void AddSsrcLines(MediaDescription media, uint ssrc, string cname, string streamId, string trackId)
    {
        media.Ssrcs.Add(new SsrcAttribute(ssrc, "cname", cname));
        media.Ssrcs.Add(new SsrcAttribute(ssrc, "msid", $"{streamId} {trackId}"));
    }

    internal static uint NewSsrc(HashSet<uint> used)
    {
        while (true)
        {
            uint ssrc = (uint)Random.Shared.NextInt64(1, uint.MaxValue);
            if (used.Add(ssrc)) return ssrc;
        }
    }

    private static long RandomNumber() => Random.Shared.NextInt64(1, long.MaxValue);
}

using Conference.Media.Dtls;
using Conference.Media.Ice;
using Conference.Media.Sdp;

namespace Conference.Media.Peer;

/// <summary>
/// Our client's answer to a remote offer (an SFU's subscriber connection): every audio/video section we can decode
/// is answered recvonly (we only receive there, so we announce no SSRC), a data-channel section is accepted, the rest
/// rejected with port 0 (RFC 3264 §6). Payload types and extension ids are the offerer's (RFC 8829 §5.3.1).
/// </summary>
internal sealed record ClientAnswer(SessionDescription Answer, IReadOnlyList<PeerTrack> Tracks, MediaDescription? DataSection)
{
    /// <summary>The parameters that stay the same across our answers on one connection.</summary>
    internal sealed record Transport(IceCredentials LocalIce, DtlsCertificate Certificate, SetupRole Setup, IceCandidate Candidate,
        string SessionId, int MaxMessageSize);

    /// <param name="existing">Tracks of our previous answer: a section answered again keeps its track (and learned SSRCs).</param>
    /// <param name="dataAllowed">Whether an application section may be accepted (SCTP exists, or is about to).</param>
    public static bool TryCreate(SessionDescription offer, ClientAnswerOptions options, Transport transport, int version,
        IReadOnlyList<PeerTrack> existing, bool dataAllowed, out ClientAnswer? answer, out string error)
    {
        answer = null;
        SdpGroup? bundle = offer.BundleGroup;
        var answerOptions = new SessionAnswerOptions
        {
            IceUfrag = transport.LocalIce.Ufrag,
            IcePwd = transport.LocalIce.Password,
            Fingerprint = new Fingerprint(transport.Certificate.Fingerprint.Algorithm, transport.Certificate.Fingerprint.Value),
            Setup = transport.Setup,
            SessionId = transport.SessionId,
            // RFC 3264 §8: each new version of our description increments the o= version.
            SessionVersion = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Candidates = [transport.Candidate],
            CapabilitiesFor = offered => CapabilitiesFor(offered, bundle, options, dataAllowed, transport.MaxMessageSize),
        };
        SessionDescription sdp = SessionAnswerBuilder.CreateAnswer(offer, answerOptions);
        // Our one host candidate is all we will ever have (RFC 8838 §4.1): no trickle follows.
        if (sdp.Media.Find(m => m.Candidates.Count > 0) is { } withCandidates) withCandidates.EndOfCandidates = true;

        int accepted = sdp.Media.Count(m => !m.IsRejected);
        if (accepted == 0)
        {
            error = "no m= section could be accepted: each needs a mid, rtcp-mux and a codec we decode (audio/video), " +
                "or webrtc-datachannel over UDP/DTLS/SCTP, and must be in the BUNDLE group when there is one";
            return false;
        }
        if (bundle is null && accepted > 1)
        {
            error = "the offer has several m= sections but no a=group:BUNDLE; this client uses one transport (RFC 8843)";
            return false;
        }

        var tracks = new List<PeerTrack>();
        MediaDescription? dataSection = null;
        for (int i = 0; i < offer.Media.Count; i++)
        {
            MediaDescription offered = offer.Media[i], answered = sdp.Media[i];
            if (answered.IsRejected) continue;
            if (answered.Kind == MediaDescription.Application) dataSection = offered;
            else tracks.Add(TrackFor(offered, answered, existing));
        }
        answer = new ClientAnswer(sdp, tracks, dataSection);
        error = "";
        return true;
    }

    private static LocalMediaCapabilities? CapabilitiesFor(MediaDescription offered, SdpGroup? bundle, ClientAnswerOptions options, bool dataAllowed,
        int maxMessageSize)
    {
        if (offered.IsRejected || offered.Mid is null) return null;
        if (bundle is not null && !bundle.Mids.Contains(offered.Mid)) return null;
        LocalMediaCapabilities? local = offered.Kind switch
        {
            MediaDescription.Audio when options.AcceptAudio && offered.IsRtp && offered.RtcpMux => ServerMediaCapabilities.Audio(),
            MediaDescription.Video when options.AcceptVideo && offered.IsRtp && offered.RtcpMux => ServerMediaCapabilities.Video(acceptSimulcast: false),
            MediaDescription.Application when dataAllowed && options.AcceptDataChannels && offered.Protocol.Contains("SCTP", StringComparison.Ordinal)
                => ServerMediaCapabilities.DataChannels(maxMessageSize),
            _ => null,
        };
        // We have nothing to send: RFC 3264 §6.1 makes a sendonly offer recvonly, a sendrecv one recvonly too.
        if (local is not null && offered.Kind != MediaDescription.Application) local.Direction = MediaDirection.RecvOnly;
        return local;
    }

    private static PeerTrack TrackFor(MediaDescription offered, MediaDescription answered, IReadOnlyList<PeerTrack> existing)
    {
        IEnumerable<uint> remoteSsrcs = offered.Ssrcs.Select(s => s.Ssrc);
        foreach (PeerTrack track in existing)
        {
            if (track.Mid != answered.Mid || track.Kind != answered.Kind) continue;
            foreach (uint ssrc in remoteSsrcs) track.LearnRemoteSsrc(ssrc); // a re-offer may announce a new source
            return track;
        }
        // The SFU names the publisher and room track in a=msid (stream id = participant, track id = room track).
        return new PeerTrack(answered.Mid!, answered.Kind, 0, null, remoteSsrcs, answered.GetCodecs(), ExtensionIds(answered),
            answered.EffectiveDirection, []) { RemoteMsid = offered.Msids.FirstOrDefault() };
    }

    /// <summary>Header extension URI → the negotiated id (one-byte or two-byte form, RFC 8285 §4).</summary>
    public static Dictionary<string, byte> ExtensionIds(MediaDescription answered)
    {
        var extensions = new Dictionary<string, byte>(StringComparer.Ordinal);
        foreach (ExtMap ext in answered.ExtMaps)
        {
            if (ext.Id is > 0 and < 256) extensions.TryAdd(ext.Uri, (byte)ext.Id);
        }
        return extensions;
    }
}

using System.Globalization;
using Conference.Media.Dtls;
using Conference.Media.Ice;
using Conference.Media.Sdp;

namespace Conference.Media.Peer;

/// <summary>
/// The answering side: a remote offer (an SFU's subscriber connection: ICE-lite, a=setup:actpass, BUNDLE, sendonly
/// sections appended over time) and its re-offers on the same ICE/DTLS session.
/// </summary>
public sealed partial class WebRtcClientPeer
{
    private readonly Lock _negotiation = new();
    private AnsweringState? _answering; // under _negotiation; set by the first accepted offer

    /// <summary>What the first offer fixed for the life of the connection (RFC 8829 §5.3.2 keeps the transport).</summary>
    private sealed class AnsweringState(RemoteTransportParameters remote, ClientAnswer.Transport transport)
    {
        public RemoteTransportParameters Remote { get; } = remote;
        public ClientAnswer.Transport Transport { get; } = transport;
        public List<string?> Mids { get; } = [];
        public int Version { get; set; } = 1;
    }

    /// <summary>
    /// Answers a remote offer. The first call creates the session: DTLS role per RFC 5763 §5 (to actpass we answer
    /// active and are the DTLS client), ICE controlling toward an ICE-lite offerer and controlled toward a full one
    /// (RFC 8445 §6.1.1), audio/video sections recvonly, a data channel when offered. A later offer with the same ICE
    /// credentials is a renegotiation: sections it adds become routable (by their a=ssrc, else the MID extension), sections
    /// it rejects (port 0) stop being routed, with no new handshake. Never throws on bad input.
    /// </summary>
    public bool TryAcceptOffer(string offerSdp, ClientAnswerOptions? options, out string? answerSdp, out string? error)
    {
        answerSdp = null;
        options ??= new ClientAnswerOptions();
        lock (_negotiation)
        {
            if (_offerSdp is not null)
            {
                error = "this client made its own offer (CreateOffer); a client either offers or answers";
                return false;
            }
            if (!SessionDescription.TryParse(offerSdp, out SessionDescription offer, out string parseError))
            {
                error = $"not a valid SDP offer: {parseError}";
                return false;
            }
            // RFC 8842 §5.2 (RFC 4145 §4 updated): an offer without a=setup is actpass.
            if (!RemoteTransportParameters.TryRead(offer, SetupRole.ActPass, out RemoteTransportParameters? remote, out error)) return false;
            bool accepted = _answering is null
                ? TryAnswerFirst(offer, remote!, options, out SessionDescription? answer, out error)
                : TryAnswerAgain(_answering, offer, remote!, options, out answer, out error);
            answerSdp = accepted ? answer!.ToString() : null;
            return accepted;
        }
    }

    private bool TryAnswerFirst(SessionDescription offer, RemoteTransportParameters remote, ClientAnswerOptions options,
        out SessionDescription? answerSdp, out string? error)
    {
        answerSdp = null;
        if (_session is not null)
        {
            error = "this client already has a session";
            return false;
        }
        // RFC 5763 §5: the answerer to actpass (or to passive) is active, i.e. the DTLS client; to active it is passive.
        SetupRole setup = remote.Setup == SetupRole.Active ? SetupRole.Passive : SetupRole.Active;
        var transport = new ClientAnswer.Transport(_localIce, _certificate, setup, HostCandidate(),
            Random.Shared.NextInt64(1, long.MaxValue).ToString(CultureInfo.InvariantCulture), _options.MaxMessageSize);
        if (!ClientAnswer.TryCreate(offer, options, transport, version: 1, existing: [], dataAllowed: true, out ClientAnswer? answer, out string answerError))
        {
            error = answerError;
            return false;
        }
        var state = new AnsweringState(remote, transport);
        state.Mids.AddRange(offer.Media.Select(m => m.Mid));
        _answering = state;
        DtlsRole role = setup == SetupRole.Active ? Dtls.DtlsRole.Client : Dtls.DtlsRole.Server;
        // RFC 8445 §6.1.1: a full agent facing an ICE-lite one controls; between two full agents the offerer does.
        IceRole iceRole = offer.IceLite ? IceRole.Controlling : IceRole.Controlled;
        StartSession(role, remote, answer!.Tracks, answer.DataSection, offer, iceRole);
        answerSdp = answer.Answer;
        error = null;
        return true;
    }

    private bool TryAnswerAgain(AnsweringState state, SessionDescription offer, RemoteTransportParameters remote, ClientAnswerOptions options,
        out SessionDescription? answerSdp, out string? error)
    {
        answerSdp = null;
        if (remote.Ice != state.Remote.Ice)
        {
            error = "the offer changes the ICE credentials (an ICE restart, RFC 8445 §9), which this client does not support: " +
                "create a new client for a new connection";
            return false;
        }
        if (!remote.Fingerprint.Equals(state.Remote.Fingerprint))
        {
            error = "the offer changes the DTLS certificate fingerprint of an established connection (RFC 8842 §5.5)";
            return false;
        }
        if (remote.Setup != SetupRole.ActPass && remote.Setup == state.Transport.Setup)
        {
            error = $"the offer's a=setup:{remote.Setup.ToSdp()} contradicts our established role {state.Transport.Setup.ToSdp()}";
            return false;
        }
        // RFC 3264 §8: a new offer keeps every earlier m= line in place (a removed one gets port 0) and may append.
        if (offer.Media.Count < state.Mids.Count)
        {
            error = $"the offer has {offer.Media.Count} m= sections, fewer than the {state.Mids.Count} before (RFC 3264 §8: never removed)";
            return false;
        }
        for (int i = 0; i < state.Mids.Count; i++)
        {
            if (offer.Media[i].Mid != state.Mids[i])
            {
                error = $"m= section {i} changed its mid from '{state.Mids[i]}' to '{offer.Media[i].Mid}' (RFC 8843 §7.2: mids are kept)";
                return false;
            }
        }
        PeerMediaSession session = _session!;
        bool hasData = session.Transport.DataChannels is not null;
        if (!ClientAnswer.TryCreate(offer, options, state.Transport, state.Version + 1, session.Tracks, dataAllowed: hasData,
                out ClientAnswer? answer, out string answerError))
        {
            error = answerError;
            return false;
        }
        state.Version++;
        state.Mids.Clear();
        state.Mids.AddRange(offer.Media.Select(m => m.Mid));
        session.UpdateTracks(answer!.Tracks);
        if (_ice is { } ice) AddCandidates(ice, offer); // known pairs are kept; a new address starts checks when it is new
        answerSdp = answer.Answer;
        error = null;
        return true;
    }
}

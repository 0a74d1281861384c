using System.Diagnostics.CodeAnalysis;
using Conference.Media.Dtls;
using Conference.Media.Ice;
using Conference.Media.Sdp;

namespace Conference.Media.Peer;

/// <summary>What an answering peer keeps to answer the remote's later offers on the same transport.</summary>
internal sealed record AnswerContext(IceCredentials Local, SetupRole Setup, IceCandidate Candidate, string StreamId,
    string RemoteUfrag, DtlsFingerprint RemoteFingerprint);

/// <summary>What an offering peer keeps between its offers.</summary>
internal sealed record OfferContext(IceCredentials Local, IceCandidate Candidate, string StreamId);

public sealed partial class WebRtcPeer
{
    private readonly Lock _negotiationLock = new();
    private AnswerContext? _answered;
    private SubscriberOffer? _offering;

    /// <summary>True for a peer made by <see cref="MediaEngine.CreateOfferingPeer"/>: we offer, the remote answers.</summary>
    public bool IsOfferer => _offering is not null;

    /// <summary>The remote's ICE username fragment (from its offer, or from the first answer); null before that.</summary>
    public string? RemoteIceUfrag => _answered?.RemoteUfrag ?? _offering?.RemoteUfrag;

    /// <summary>The revision of our latest offer (1, 2, …); 0 for an answering peer.</summary>
    public int OfferRevision
    {
        get { lock (_negotiationLock) return _offering?.Revision ?? 0; }
    }

    /// <summary>True while our latest offer waits for its answer.</summary>
    public bool HasPendingOffer
    {
        get { lock (_negotiationLock) return _offering?.IsPending ?? false; }
    }

    /// <summary>Our offer still waiting for an answer, null when there is none.</summary>
    public string? PendingOfferSdp
    {
        get { lock (_negotiationLock) return _offering?.PendingSdp; }
    }

    internal void Answered(AnswerContext context, ServerAnswer answer) => _answered = context;

    internal void Offering(OfferContext context) =>
        _offering = new SubscriberOffer(context, _certificate, _options.AcceptDataChannels ? _options.MaxMessageSize : null);

    /// <summary>
    /// A later offer from the remote on this connection (JSEP RFC 8829 §5.3.2: a track added or removed, e.g. a
    /// screen share): answered with the same ICE credentials, DTLS role and candidate, and the tracks updated
    /// without a new handshake. An offer with other ICE credentials (an ICE restart) or another certificate is
    /// refused: make a new peer for it. Never throws on bad input.
    /// </summary>
    public bool TryRenegotiate(string offerSdp, [NotNullWhen(true)] out string? answerSdp, [NotNullWhen(false)] out string? error)
    {
        answerSdp = null;
        if (!SessionDescription.TryParse(offerSdp, out SessionDescription offer, out string parseError))
        {
            error = $"not a valid SDP offer: {parseError}";
            return false;
        }
        return TryRenegotiate(offer, out answerSdp, out error);
    }

    /// <summary><see cref="TryRenegotiate(string, out string?, out string?)"/> for an offer the caller parsed already.</summary>
    internal bool TryRenegotiate(SessionDescription offer, [NotNullWhen(true)] out string? answerSdp, [NotNullWhen(false)] out string? error)
    {
        answerSdp = null;
        if (_answered is not { } context)
        {
            error = "this peer made the offer; apply the remote's answer with TrySetAnswer";
            return false;
        }
        if (Volatile.Read(ref _session) is not { } session || _state.IsFinished)
        {
            error = "the connection is closed";
            return false;
        }
        if (!RemoteTransportParameters.TryRead(offer, SetupRole.ActPass, out RemoteTransportParameters? remote, out error)) return false;
        if (remote!.Ice.Ufrag != context.RemoteUfrag)
        {
            error = "the offer restarts ICE (new a=ice-ufrag); send it as a new connection";
            return false;
        }
        if (!remote.Fingerprint.Equals(context.RemoteFingerprint))
        {
            error = "the offer changes the DTLS certificate fingerprint of an established connection";
            return false;
        }
        lock (_negotiationLock)
        {
            if (!ServerAnswer.TryCreate(offer, _options, context.Local, _certificate, context.Setup, context.Candidate, context.StreamId,
                    out ServerAnswer? answer, out error))
            {
                return false;
            }
            if (answer!.OfferedDataSection is not null && session.Transport.DataChannels is null)
            {
                error = "a data channel section can only be negotiated in the first offer of a connection";
                return false;
            }
            session.UpdateTracks(KeepExisting(session.Tracks, answer.Tracks));
            answerSdp = answer.Answer.ToString();
            return true;
        }
    }

    /// <summary>
    /// Our offer with one sendonly section per track, in a stable order: a track seen before keeps its mid and
    /// SSRC, a new one is appended, a track no longer listed is removed (port 0). The first section is the data
    /// channel section when data channels are enabled. Replaces an unanswered previous offer.
    /// </summary>
    public string CreateOffer(IReadOnlyList<OutgoingTrack> tracks)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        SubscriberOffer offering = _offering ?? throw new InvalidOperationException("This peer answers offers; use TryRenegotiate.");
        ObjectDisposedException.ThrowIf(_state.IsFinished, this);
        lock (_negotiationLock) return offering.Create(tracks).ToString();
    }

    /// <summary>Applies the remote's answer to our latest offer: the first creates the transport. Never throws on bad input.</summary>
    public bool TrySetAnswer(string answerSdp, [NotNullWhen(false)] out string? error)
    {
        if (_offering is not { } offering)
        {
            error = "this peer did not make an offer";
            return false;
        }
        if (_state.IsFinished)
        {
            error = "the connection is closed";
            return false;
        }
        lock (_negotiationLock)
        {
            PeerMediaSession? session = Volatile.Read(ref _session);
            if (!offering.TryApplyAnswer(answerSdp, session?.Tracks ?? [], out SubscriberAnswer? answer, out error)) return false;
            if (session is null)
            {
                _timeline.Answered();
                Attach(answer!.Role, answer.RemoteFingerprint, answer.Tracks, answer.DataSection);
            }
            else session.UpdateTracks(answer!.Tracks);
            return true;
        }
    }

    /// <summary>The negotiated section that carries an outgoing track (after the answer that accepted it).</summary>
    public bool TryGetOutgoingTrack(string trackId, [NotNullWhen(true)] out PeerTrack? track)
    {
        track = null;
        string? mid;
        lock (_negotiationLock) mid = _offering?.MidOf(trackId);
        if (mid is null) return false;
        foreach (PeerTrack candidate in Tracks)
        {
            if (candidate.Mid == mid)
            {
                track = candidate;
                return true;
            }
        }
        return false;
    }

    /// <summary>Sections that survive a renegotiation unchanged (mid, kind, msid) keep their <see cref="PeerTrack"/> (and what it learned).</summary>
    internal static IReadOnlyList<PeerTrack> KeepExisting(IReadOnlyList<PeerTrack> existing, IReadOnlyList<PeerTrack> negotiated)
    {
        var result = new List<PeerTrack>(negotiated.Count);
        foreach (PeerTrack track in negotiated)
        {
            PeerTrack? same = existing.FirstOrDefault(e => e.Mid == track.Mid && e.Kind == track.Kind && Equals(e.RemoteMsid, track.RemoteMsid));
            result.Add(same ?? track);
        }
        return result;
    }
}

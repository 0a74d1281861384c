using System.Net;
using Conference.Media.Dtls;
using Conference.Media.Ice;
using Conference.Media.Sdp;
using Conference.Media.Transport;

namespace Conference.Media.Peer;

public sealed partial class WebRtcClientPeer
{
    /// <summary>Applies the remote answer and starts ICE; throws <see cref="ArgumentException"/> on a bad answer.</summary>
    public void SetAnswer(string answerSdp)
    {
        if (!TrySetAnswer(answerSdp, out string? error)) throw new ArgumentException(error, nameof(answerSdp));
    }

    /// <summary>Applies the remote answer and starts ICE. Never throws on bad input.</summary>
    public bool TrySetAnswer(string answerSdp, out string? error)
    {
        if (_offerSdp is null || _offer is null)
        {
            error = "CreateOffer first";
            return false;
        }
        if (_session is not null)
        {
            error = "an answer was already applied (renegotiation is not supported)";
            return false;
        }
        if (!RemoteTransportParameters.TryReadAnswer(answerSdp, _offerSdp.Media.Count, out SessionDescription? answer,
                out RemoteTransportParameters? remote, out error))
        {
            return false;
        }
        DtlsRole role = remote.Setup == SetupRole.Active ? Dtls.DtlsRole.Server : Dtls.DtlsRole.Client;

        var tracks = new List<PeerTrack>();
        MediaDescription? data = null;
        for (int i = 0; i < answer.Media.Count; i++)
        {
            MediaDescription answered = answer.Media[i];
            if (answered.IsRejected) continue;
            if (answered.Kind == MediaDescription.Application) data = answered;
            else if (i < _offer.Media.Count) tracks.Add(CreateTrack(_offer.Media[i], answered));
        }

        StartSession(role, remote, tracks, data, answer, IceRole.Controlling);
        error = null; // with no usable candidate yet, ICE waits for TryAddRemoteCandidate (trickle)
        return true;
    }

    /// <summary>
    /// The DTLS-SRTP(-SCTP) session and the ICE agent toward the remote description's candidates, for either way
    /// round (we offered, or we answered); ICE then waits for trickled candidates when none was usable.
    /// </summary>
    private void StartSession(DtlsRole role, RemoteTransportParameters remote, IReadOnlyList<PeerTrack> tracks, MediaDescription? data,
        SessionDescription remoteSdp, IceRole iceRole)
    {
        var transport = new DtlsSrtpTransport(role, _certificate, remote.Fingerprint, SendDatagram, new DtlsSrtpTransportOptions
        {
            EnableSctp = data is not null,
            RemoteSctpPort = (ushort)(data?.SctpPort ?? 5000),
            MaxMessageSize = _options.MaxMessageSize,
            TimeProvider = _options.TimeProvider,
        });
        var session = new PeerMediaSession(transport, tracks, Counters,
            OnSessionState,
            channel => DataChannelOpened?.Invoke(channel),
            (track, packet) => RtpReceived?.Invoke(this, track, packet),
            packet => RtcpReceived?.Invoke(this, packet));

        var ice = new IceClientAgent(_localIce, remote.Ice, SendStun, _options.TimeProvider, _options.Ice with { InitialRole = iceRole });
        AddCandidates(ice, remoteSdp);
        ice.StateChanged += OnIceState;
        _ice = ice;
        _session = session;
        _connectTimer = _options.TimeProvider.CreateTimer(_ => OnConnectTimeout(), null, _options.ConnectTimeout, Timeout.InfiniteTimeSpan);
        ice.Start();
    }

    private static void AddCandidates(IceClientAgent ice, SessionDescription remoteSdp)
    {
        foreach (MediaDescription media in remoteSdp.Media)
        {
            foreach (IceCandidate candidate in media.Candidates)
            {
                if (TryGetEndPoint(candidate, out IPEndPoint? endPoint, out _)) ice.AddRemoteCandidate(endPoint!, candidate.Priority);
            }
        }
    }

    private static PeerTrack CreateTrack(ClientMediaSection offered, MediaDescription answered)
    {
        MediaDirection ours = answered.EffectiveDirection.Reverse();
        return new PeerTrack(answered.Mid ?? "", answered.Kind, ours.Sends() ? offered.Ssrc : 0, ours.Sends() ? offered.RtxSsrc : null,
            answered.Ssrcs.Select(s => s.Ssrc), answered.GetCodecs(), ClientAnswer.ExtensionIds(answered), ours, []);
    }

    /// <summary>Raised under the ICE agent's lock: only record the target and start DTLS (which just starts a thread).</summary>
    private void OnIceState(IceClientState state)
    {
        switch (state)
        {
            case IceClientState.Connected when _ice?.SelectedAddress is { } selected:
                Volatile.Write(ref _target, new SendTarget(selected));
                _session?.StartTransport();
                break;
            case IceClientState.Failed:
                Fail(new TimeoutException("ICE failed: no candidate pair answered (RFC 8445 §8)."));
                break;
            case IceClientState.ConsentLost:
                Fail(new TimeoutException("ICE consent expired (RFC 7675)."));
                break;
        }
    }

    private void OnSessionState(PeerState state)
    {
        switch (state)
        {
            case PeerState.Connecting:
                _state.Connecting();
                break;
            case PeerState.Connected:
                _connectTimer?.Dispose();
                _state.ConnectedNow();
                break;
            case PeerState.Failed:
                _state.Fail(_session?.State.Connected.Exception?.InnerException ?? new InvalidOperationException("The peer failed."));
                break;
        }
    }

    private void OnConnectTimeout()
    {
        if (_state.State is PeerState.New or PeerState.Connecting)
        {
            Fail(new TimeoutException($"ICE and DTLS did not connect within {_options.ConnectTimeout.TotalSeconds:0.#} s."));
        }
    }

    private void Fail(Exception reason)
    {
        _session?.Fail(reason);
        _state.Fail(reason);
    }
}

using Conference.Media.Sctp;
using Conference.Media.Transport;

namespace Conference.Media.Peer;

/// <summary>
/// What a server-side <see cref="WebRtcPeer"/> and a <see cref="WebRtcClientPeer"/> share once ICE has
/// routed a datagram to them: the DTLS-SRTP transport, track routing, state, data channels.
/// </summary>
internal sealed class PeerMediaSession
{
    internal delegate void RtpSink(PeerTrack track, ReadOnlySpan<byte> packet);

    internal delegate void RtcpSink(ReadOnlySpan<byte> packet);

    private PeerTrackRouter _router;
    private readonly MediaEngineCounters _counters;
    private readonly RtpSink _rtp;
    private readonly RtcpSink _rtcp;
    private readonly Action<DataChannel> _channelOpened;
    private const int MaxEarlyDatagrams = 64;
    private Queue<(DatagramKind, byte[])>? _early; // receive loop only

    public PeerMediaSession(DtlsSrtpTransport transport, IReadOnlyList<PeerTrack> tracks, MediaEngineCounters counters,
        Action<PeerState> stateChanged, Action<DataChannel> channelOpened, RtpSink rtp, RtcpSink rtcp, PeerStateMachine? state = null)
    {
        Transport = transport;
        _tracks = tracks;
        _router = new PeerTrackRouter(tracks);
        _counters = counters;
        _rtp = rtp;
        _rtcp = rtcp;
        _channelOpened = channelOpened;
        State = state ?? new PeerStateMachine(stateChanged);
        if (transport.DataChannels is { } endpoint) endpoint.DataChannelOpened += channelOpened;
        // close_notify or a fatal alert from the peer (a browser closing its RTCPeerConnection) ends the peer at
        // once instead of after the 30 s consent timeout; our own close sets Closed first, so this is a no-op then.
        transport.Dtls.Closed += () =>
        {
            if (State.State == PeerState.Connected) Fail(new IOException("The DTLS association was closed by the peer."));
        };
        transport.Connected.ContinueWith(t =>
        {
            if (t.IsCompletedSuccessfully) State.ConnectedNow();
            else Fail(t.Exception?.InnerException ?? new InvalidOperationException("The transport did not connect."));
        }, TaskScheduler.Default);
    }

    public DtlsSrtpTransport Transport { get; }

    private IReadOnlyList<PeerTrack> _tracks;

    public IReadOnlyList<PeerTrack> Tracks => Volatile.Read(ref _tracks);

    /// <summary>
    /// Renegotiation changed the sections: incoming RTP is routed by the new set from the next packet on.
    /// A fresh router is published whole, so the receive loop never sees a half-updated one (SSRCs are relearned).
    /// </summary>
    public void UpdateTracks(IReadOnlyList<PeerTrack> tracks)
    {
        var router = new PeerTrackRouter(tracks);
        Volatile.Write(ref _tracks, tracks);
        Volatile.Write(ref _router, router);
    }

    public PeerStateMachine State { get; }

    /// <summary>Receive loop only: routes the SSRC to the section (one of the current ones).</summary>
    public bool LearnRemoteSsrc(PeerTrack track, uint ssrc)
    {
        if (!Tracks.Contains(track)) return false;
        Volatile.Read(ref _router).Learn(ssrc, track);
        return true;
    }

    /// <summary>ICE has a working address: start DTLS (idempotent).</summary>
    public void StartTransport()
    {
        if (State.IsFinished) return;
        State.Connecting();
        Transport.Start();
    }

    /// <summary>A DTLS/SRTP/SRTCP datagram from the peer's validated address; runs on the receive loop.</summary>
    public void OnDatagram(DatagramKind kind, Span<byte> datagram)
    {
        if (kind == DatagramKind.Dtls)
        {
            _counters.DtlsIn();
            Transport.OnDtlsDatagram(datagram);
            return;
        }
        if (!Transport.EnsureKeys())
        {
            HoldUntilKeys(kind, datagram);
            return;
        }
        if (_early is { Count: > 0 }) ReleaseEarly();
        OnSecureMedia(kind, datagram);
    }

    private void OnSecureMedia(DatagramKind kind, Span<byte> datagram)
    {
        bool isRtp = kind == DatagramKind.Rtp;
        SrtpReceiveResult result = isRtp ? Transport.UnprotectRtp(datagram, out int length) : Transport.UnprotectRtcp(datagram, out length);
        if (result != SrtpReceiveResult.Accepted)
        {
            _counters.SrtpDropped(result);
            return;
        }
        ReadOnlySpan<byte> packet = datagram.Slice(0, length);
        if (!isRtp)
        {
            _counters.RtcpIn();
            _rtcp(packet);
            return;
        }
        if (!Volatile.Read(ref _router).TryRoute(packet, out PeerTrack? track))
        {
            _counters.UnroutableRtp();
            return;
        }
        _counters.RtpIn();
        _rtp(track!, packet);
    }

    /// <summary>
    /// The peer may send media right after its last handshake flight, which can overtake our DTLS thread
    /// installing the keys (RFC 5764 §4.1 allows media as soon as the handshake is done on its side). A few such
    /// datagrams are kept (copies: this happens once per peer, not per packet) and processed in order once keys exist.
    /// </summary>
    private void HoldUntilKeys(DatagramKind kind, Span<byte> datagram)
    {
        _early ??= new Queue<(DatagramKind, byte[])>();
        if (!Transport.AwaitingKeys || _early.Count >= MaxEarlyDatagrams)
        {
            _counters.SrtpDropped(SrtpReceiveResult.NoKeys);
            return;
        }
        _early.Enqueue((kind, datagram.ToArray()));
    }

    private void ReleaseEarly()
    {
        while (_early!.TryDequeue(out (DatagramKind Kind, byte[] Datagram) early)) OnSecureMedia(early.Kind, early.Datagram);
    }

    public DataChannel CreateDataChannel(string label, DataChannelOptions? options)
    {
        DataChannelEndpoint endpoint = Transport.DataChannels
            ?? throw new InvalidOperationException("No data channel section was negotiated for this peer.");
        DataChannel channel = endpoint.CreateDataChannel(label, options);
        int raised = 0;
        void RaiseOnce()
        {
            if (Interlocked.Exchange(ref raised, 1) == 0) _channelOpened(channel);
        }
        channel.Opened += RaiseOnce;
        // The association may already be up, in which case the channel opened inside CreateDataChannel.
        if (channel.State == DataChannelState.Open) RaiseOnce();
        return channel;
    }

    /// <summary>Moves to Failed (once) and closes the transport, so nothing more is sent or delivered.</summary>
    public bool Fail(Exception reason)
    {
        if (!State.Fail(reason)) return false;
        Close();
        return true;
    }

    /// <summary>SCTP abort, DTLS close_notify, SRTP keys dropped (later sends return false).</summary>
    public void Close() => Transport.Dispose();
}

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

    private readonly PeerTrackRouter _router;
    private readonly MediaEngineCounters _counters;
    private readonly RtpSink _rtp;
    private readonly RtcpSink _rtcp;
    private readonly Action<DataChannel> _channelOpened;

    public PeerMediaSession(DtlsSrtpTransport transport, IReadOnlyList<PeerTrack> tracks, MediaEngineCounters counters,
        Action<PeerState> stateChanged, Action<DataChannel> channelOpened, RtpSink rtp, RtcpSink rtcp)
    {
        Transport = transport;
        Tracks = tracks;
        _router = new PeerTrackRouter(tracks);
        _counters = counters;
        _rtp = rtp;
        _rtcp = rtcp;
        _channelOpened = channelOpened;
        State = new PeerStateMachine(stateChanged);
        if (transport.DataChannels is { } endpoint) endpoint.DataChannelOpened += channelOpened;
        transport.Connected.ContinueWith(t =>
        {
            if (t.IsCompletedSuccessfully) State.ConnectedNow();
            else State.Fail(t.Exception?.InnerException ?? new InvalidOperationException("The transport did not connect."));
        }, TaskScheduler.Default);
    }

    public DtlsSrtpTransport Transport { get; }

    public IReadOnlyList<PeerTrack> Tracks { get; }

    public PeerStateMachine State { get; }

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
        switch (kind)
        {
            case DatagramKind.Dtls:
                _counters.DtlsIn();
                Transport.OnDtlsDatagram(datagram);
                break;
            case DatagramKind.Rtp:
            {
                SrtpReceiveResult result = Transport.UnprotectRtp(datagram, out int length);
                if (result != SrtpReceiveResult.Accepted)
                {
                    _counters.SrtpDropped(result);
                    return;
                }
                ReadOnlySpan<byte> packet = datagram.Slice(0, length);
                if (!_router.TryRoute(packet, out PeerTrack? track))
                {
                    _counters.UnroutableRtp();
                    return;
                }
                _counters.RtpIn();
                _rtp(track!, packet);
                break;
            }
            case DatagramKind.Rtcp:
            {
                SrtpReceiveResult result = Transport.UnprotectRtcp(datagram, out int length);
                if (result != SrtpReceiveResult.Accepted)
                {
                    _counters.SrtpDropped(result);
                    return;
                }
                _counters.RtcpIn();
                _rtcp(datagram.Slice(0, length));
                break;
            }
        }
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

    /// <summary>SCTP abort, DTLS close_notify, SRTP keys dropped (later sends return false).</summary>
    public void Close() => Transport.Dispose();
}

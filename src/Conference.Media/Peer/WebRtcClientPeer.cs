using System.Net;
using System.Net.Sockets;
using Conference.Media.Dtls;
using Conference.Media.Ice;
using Conference.Media.Sctp;
using Conference.Media.Sdp;
using Conference.Media.Transport;

namespace Conference.Media.Peer;

/// <summary>
/// Our own offering peer (load tools, tests): its own UDP socket, full ICE in the controlling role
/// (RFC 8445) towards the answer's candidates, DTLS in the role the answer leaves us, SRTP and SCTP.
/// Usage: <see cref="Create"/>, <see cref="CreateOffer"/>, send the offer, <see cref="SetAnswer"/>, await <see cref="Connected"/>;
/// or, answering a remote offer (an SFU's subscriber connection), <see cref="TryAcceptOffer"/> for it and each re-offer.
/// </summary>
public sealed partial class WebRtcClientPeer : IAsyncDisposable
{
    private readonly WebRtcClientOptions _options;
    private readonly DtlsCertificate _certificate;
    private readonly IceCredentials _localIce = IceCredentials.Generate();
    private readonly UdpDatagramSocket _socket;
    private readonly IPEndPoint _endPointFactory;
    private readonly PeerStateMachine _state;
    private ClientOfferOptions? _offer;
    private SessionDescription? _offerSdp;
    private IceClientAgent? _ice;
    private PeerMediaSession? _session;
    private SendTarget? _target;
    private ITimer? _connectTimer;

    private WebRtcClientPeer(WebRtcClientOptions options)
    {
        _options = options;
        _certificate = options.Certificate ?? DtlsCertificate.Generate();
        _state = new PeerStateMachine(state => StateChanged?.Invoke(this, state));
        _socket = UdpDatagramSocket.Bind(new IPEndPoint(options.BindAddress, options.Port), OnDatagram, batched: options.Batched, group: options.ReceiveGroup,
            receiveOffload: options.ReceiveOffload);
        _endPointFactory = new IPEndPoint(options.BindAddress.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        LocalEndPoint = _socket.LocalEndPoint;
    }

    /// <summary>Binds the client's socket and starts its receive loop.</summary>
    public static WebRtcClientPeer Create(WebRtcClientOptions? options = null)
    {
        var peer = new WebRtcClientPeer(options ?? new WebRtcClientOptions());
        peer._socket.Start();
        return peer;
    }

    public IPEndPoint LocalEndPoint { get; }

    public MediaEngineCounters Counters { get; } = new();

    public PeerState State => _state.State;

    public event Action<WebRtcClientPeer, PeerState>? StateChanged;

    /// <summary>Completes when ICE + DTLS (+ SRTP keys) are up; faults on failure.</summary>
    public Task Connected => _state.Connected;

    /// <summary>Our audio/video sections the answer accepted (after <see cref="SetAnswer"/>), or those we accepted in the latest
    /// answer of ours (after <see cref="TryAcceptOffer"/>).</summary>
    public IReadOnlyList<PeerTrack> Tracks => _session?.Tracks ?? [];

    public event ClientRtpPacketHandler? RtpReceived;

    public event ClientRtcpPacketHandler? RtcpReceived;

    public event Action<DataChannel>? DataChannelOpened;

    public DtlsRole? DtlsRole => _session?.Transport.Dtls.Role;

    /// <summary>The selected remote address once ICE connected.</summary>
    public IPEndPoint? RemoteEndPoint => Volatile.Read(ref _target)?.EndPoint;

    public IceClientState IceState => _ice?.State ?? IceClientState.New;

    /// <summary>Ours once ICE started: controlling as offerer or toward an ICE-lite offerer, else controlled (RFC 8445 §6.1.1).</summary>
    public IceRole? LocalIceRole => _ice?.Role;

    /// <summary>Writes our offer: the given audio/video sections with their SSRCs, then a data channel section if asked.</summary>
    public string CreateOffer(ClientOfferOptions offer)
    {
        _offer = offer;
        _offerSdp = ClientOffer.Create(offer, _localIce, _certificate, HostCandidate(), _options.MaxMessageSize);
        return _offerSdp.ToString();
    }

    /// <summary>Our one candidate: the socket's address (no server-reflexive or relay gathering).</summary>
    private IceCandidate HostCandidate() => new()
    {
        Foundation = "1", Component = 1, Transport = "udp",
        Priority = IceCandidatePriority.Compute(IceCandidatePriority.HostTypePreference),
        Address = LocalEndPoint.Address.ToString(), Port = LocalEndPoint.Port, Type = "host",
    };

    public bool SendRtp(ReadOnlySpan<byte> rtpPacket) => _session?.Transport.SendRtp(rtpPacket) ?? false;

    public bool SendRtcp(ReadOnlySpan<byte> rtcpCompound) => _session?.Transport.SendRtcp(rtcpCompound) ?? false;

    public DataChannel CreateDataChannel(string label, DataChannelOptions? options = null) =>
        (_session ?? throw new InvalidOperationException("SetAnswer first.")).CreateDataChannel(label, options);

    /// <summary>A trickled remote candidate (UDP with an IP literal); never throws.</summary>
    public bool TryAddRemoteCandidate(string candidate, out string? error)
    {
        if (string.IsNullOrWhiteSpace(candidate) || candidate.Trim() is "a=end-of-candidates" or "end-of-candidates")
        {
            error = null;
            return true; // end of trickle (RFC 8838 §4.4)
        }
        if (!IceCandidate.TryParse(candidate, out IceCandidate parsed, out string parseError))
        {
            error = parseError;
            return false;
        }
        if (!TryGetEndPoint(parsed, out IPEndPoint? endPoint, out error)) return false;
        if (_ice is null)
        {
            error = "SetAnswer first";
            return false;
        }
        _ice.AddRemoteCandidate(endPoint!, parsed.Priority);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        _state.Close();
        _session?.State.Close();
        _session?.Close();
        _connectTimer?.Dispose();
        _ice?.Dispose();
        await _socket.DisposeAsync().ConfigureAwait(false);
    }

    private static bool TryGetEndPoint(IceCandidate candidate, out IPEndPoint? endPoint, out string? error)
    {
        endPoint = null;
        if (!candidate.IsUdp || candidate.Component != 1)
        {
            error = "only UDP candidates of component 1 are used (rtcp-mux, no ICE-TCP)";
            return false;
        }
        if (!IPAddress.TryParse(candidate.Address, out IPAddress? address))
        {
            error = $"candidate address '{candidate.Address}' is not an IP literal (mDNS names are not resolved)";
            return false;
        }
        endPoint = new IPEndPoint(address, candidate.Port);
        error = null;
        return true;
    }

    private void OnDatagram(Span<byte> datagram, SocketAddress remote)
    {
        Counters.Received(datagram.Length);
        DatagramKind kind = DatagramClassifier.Classify(datagram);
        if (kind == DatagramKind.Stun)
        {
            Counters.StunIn();
            if (_ice is null) Counters.StunIgnoredOne();
            else _ice.OnPacket(datagram, (IPEndPoint)_endPointFactory.Create(remote));
            return;
        }
        if (kind == DatagramKind.Unknown)
        {
            Counters.Unclassified();
            return;
        }
        // Media only from the address ICE selected (RFC 8445 §12.1: the nominated pair carries it).
        SendTarget? target = Volatile.Read(ref _target);
        if (target is null || _session is null || !target.Address.Equals(remote))
        {
            Counters.UnknownAddress();
            return;
        }
        if (kind == DatagramKind.Rtp && _options.SrtpFilter is { } filter && !filter(datagram)) return;
        _session.OnDatagram(kind, datagram);
    }

    private bool SendDatagram(ReadOnlySpan<byte> datagram)
    {
        SendTarget? target = Volatile.Read(ref _target);
        if (target is null || _ice is null || !_ice.CanSend)
        {
            Counters.NoConsent();
            return false;
        }
        if (_socket.SendTo(datagram, target.Address))
        {
            Counters.Sent(datagram.Length);
            return true;
        }
        Counters.SendFailed();
        return false;
    }

    private void SendStun(ReadOnlySpan<byte> datagram, IPEndPoint remote)
    {
        // Checks go to candidates before consent exists: that is how consent is obtained (RFC 7675 §4).
        if (_socket.SendTo(datagram, remote.Serialize())) Counters.Sent(datagram.Length);
        else Counters.SendFailed();
    }
}

using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using Conference.Media.Dtls;
using Conference.Media.Ice;
using Conference.Media.Sdp;
using Conference.Media.Transport;

namespace Conference.Media.Peer;

/// <summary>
/// One UDP socket for all peers: ICE-lite, RFC 7983 demux (STUN → ICE-lite agent, DTLS → the peer's DtlsTransport
/// by validated remote address, SRTP/SRTCP → the peer), consent freshness: nothing is sent to an address that
/// has not passed an authenticated check (or whose consent expired).
/// </summary>
public sealed partial class MediaEngine : IAsyncDisposable
{
    private readonly MediaEngineOptions _options;
    private readonly DtlsCertificate _certificate;
    private readonly IceLiteAgent _ice;
    private readonly UdpDatagramSocket _socket;
    private readonly IPEndPoint _endPointFactory;
    private readonly ConcurrentDictionary<string, WebRtcPeer> _peers = new(StringComparer.Ordinal);
    private readonly byte[] _stunResponse = new byte[512];
    private readonly ITimer _housekeeping;
    private readonly Action _housekeep;
    private long _nextPeerId;
    private int _disposed;

    private MediaEngine(MediaEngineOptions options)
    {
        _options = options;
        _certificate = options.Certificate ?? DtlsCertificate.Generate();
        TimeProvider = options.TimeProvider;
        _ice = new IceLiteAgent(options.TimeProvider, options.ConsentTimeout);
        _socket = UdpDatagramSocket.Bind(new IPEndPoint(options.BindAddress, options.Port), OnDatagram, e => Fault("receive loop", e),
            options.Batching, Counters.SendsFailed, segmentation: options.SegmentationOffload);
        Counters.Segmentation = () => _socket.Segmentation;
        LocalEndPoint = _socket.LocalEndPoint;
        _socket.TickHandler = OnTick;
        _endPointFactory = new IPEndPoint(options.BindAddress.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        _housekeep = Housekeep;
        // The timer only posts: consent and connection timeouts are loop state.
        _housekeeping = options.TimeProvider.CreateTimer(static self => ((MediaEngine)self!).Post(((MediaEngine)self!)._housekeep), this,
            options.HousekeepingInterval, options.HousekeepingInterval);
    }

    /// <summary>Binds the socket and starts the receive loop. Throws on configuration errors (port in use,
    /// a wildcard bind address without <see cref="MediaEngineOptions.AnnouncedAddress"/>), never on network input.</summary>
    public static MediaEngine Start(MediaEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if ((options.BindAddress.Equals(IPAddress.Any) || options.BindAddress.Equals(IPAddress.IPv6Any)) && options.AnnouncedAddress is null)
        {
            throw new ArgumentException("Binding to a wildcard address needs AnnouncedAddress for the host candidate.", nameof(options));
        }
        var engine = new MediaEngine(options);
        engine._socket.Start();
        return engine;
    }

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>True when the loop receives and sends in batches (<see cref="MediaEngineOptions.Batching"/> on a platform with them).</summary>
    public bool IsBatched => _socket.IsBatched;

    public MediaEngineCounters Counters { get; } = new();

    /// <summary>STUN outcomes as the ICE-lite agent counted them.</summary>
    public IceLiteCounters IceCounters => _ice.Counters;

    public DtlsCertificate Certificate => _certificate;

    public IReadOnlyCollection<WebRtcPeer> Peers => _peers.Values.ToArray();

    public bool TryGetPeer(string id, [NotNullWhen(true)] out WebRtcPeer? peer) => _peers.TryGetValue(id, out peer);

    internal TimeProvider TimeProvider { get; }

    /// <summary>True on this engine's receive loop, the owner of its rooms' forwarding state (docs/media.md).</summary>
    public bool IsOnLoop => _socket.IsOnLoop;

    /// <summary>Runs <paramref name="work"/> on the engine's loop, between two datagrams.</summary>
    public void Post(Action work) => _socket.Post(work);

    /// <summary>Runs <paramref name="work"/> on the engine's loop and completes with its result (inline when on the loop).</summary>
    public Task<T> InvokeAsync<T>(Func<T> work) => _socket.InvokeAsync(work);

    public Task InvokeAsync(Action work) => _socket.InvokeAsync(work);

    /// <summary>An exception the media plane caught and survived (a bug, or a failure a peer caused): counted and reported.</summary>
    internal void Fault(string source, Exception error)
    {
        Counters.Faulted(source);
        try
        {
            _options.Faulted?.Invoke(source, error);
        }
        catch (Exception)
        {
            // The reporter failed; the count stands.
        }
    }

    /// <summary>Answers a remote unified-plan offer (Chromium/Firefox/werift). Never throws on bad input.</summary>
    public bool TryAcceptOffer(string offerSdp, PeerOptions options,
        [NotNullWhen(true)] out WebRtcPeer? peer, [NotNullWhen(true)] out string? answerSdp, [NotNullWhen(false)] out string? error)
    {
        peer = null;
        answerSdp = null;
        try
        {
            return TryAccept(offerSdp, options ?? new PeerOptions(), out peer, out answerSdp, out error);
        }
        catch (Exception e)
        {
            // A bug, not bad input (parsers never throw); the caller still gets an answer it can report.
            error = $"internal error while answering the offer: {e.Message}";
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _housekeeping.DisposeAsync().ConfigureAwait(false);
        foreach (WebRtcPeer peer in _peers.Values) await peer.DisposeAsync().ConfigureAwait(false);
        await _socket.DisposeAsync().ConfigureAwait(false);
    }

    internal bool SendTo(ReadOnlySpan<byte> datagram, SocketAddress remote, bool now = false)
    {
        if (now ? _socket.SendToNow(datagram, remote) : _socket.SendTo(datagram, remote))
        {
            Counters.Sent(datagram.Length);
            return true;
        }
        Counters.SendFailed();
        return false;
    }

    internal void Remove(WebRtcPeer peer, IceLiteSession session)
    {
        _peers.TryRemove(peer.Id, out _);
        _ice.RemoveSession(session);
    }

    private bool TryAccept(string offerSdp, PeerOptions options, out WebRtcPeer? peer, out string? answerSdp, out string? error)
    {
        peer = null;
        answerSdp = null;
        if (Volatile.Read(ref _disposed) != 0)
        {
            error = "the media engine is stopped";
            return false;
        }
        if (!SessionDescription.TryParse(offerSdp, out SessionDescription offer, out string parseError))
        {
            error = $"not a valid SDP offer: {parseError}";
            return false;
        }
        if (offer.IceLite)
        {
            error = "the offer is a=ice-lite too: two lite agents never check each other (RFC 8445 §2.5)";
            return false;
        }
        if (options.MaxMessageSize < 1)
        {
            error = "PeerOptions.MaxMessageSize must be positive";
            return false;
        }
        // JSEP RFC 8829 §5.3.1: an offer without a setup attribute is treated as actpass.
        if (!RemoteTransportParameters.TryRead(offer, SetupRole.ActPass, out RemoteTransportParameters? remote, out error)) return false;
        if (!TryChooseRole(remote!.Setup, options.Role, out DtlsRole role, out error)) return false;

        string id = NewPeerId();
        IceCredentials local = IceCredentials.Generate();
        IceCandidate candidate = HostCandidate();
        SetupRole setup = role == DtlsRole.Client ? SetupRole.Active : SetupRole.Passive;
        if (!ServerAnswer.TryCreate(offer, options, local, _certificate, setup, candidate, options.StreamId ?? id,
                out ServerAnswer? answer, out error))
        {
            return false;
        }

        IceLiteSession session;
        try
        {
            session = _ice.AddSession(local, remote.Ice);
        }
        catch (InvalidOperationException)
        {
            // 48 random bits of ufrag collided with a live session: answer again with fresh credentials.
            return TryAccept(offerSdp, options, out peer, out answerSdp, out error);
        }
        peer = new WebRtcPeer(id, this, session, options, _certificate, offering: false);
        peer.Answered(new AnswerContext(local, setup, candidate, options.StreamId ?? id, remote.Ice.Ufrag, remote.Fingerprint), answer!);
        peer.Attach(role, remote.Fingerprint, answer!.Tracks, answer.OfferedDataSection);
        session.Tag = peer;
        _peers[id] = peer;
        answerSdp = answer!.Answer.ToString();
        return true;
    }

    /// <summary>
    /// A peer we offer to (an SFU subscriber connection): ICE-lite session and credentials now, the transport at
    /// the first answer (<see cref="WebRtcPeer.TrySetAnswer"/>). Write offers with <see cref="WebRtcPeer.CreateOffer"/>.
    /// </summary>
    public WebRtcPeer CreateOfferingPeer(PeerOptions? options = null)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        options ??= new PeerOptions();
        string id = NewPeerId();
        while (true)
        {
            IceCredentials local = IceCredentials.Generate();
            IceLiteSession session;
            try
            {
                session = _ice.AddSession(local);
            }
            catch (InvalidOperationException)
            {
                continue; // a ufrag collision with a live session: draw again
            }
            var peer = new WebRtcPeer(id, this, session, options, _certificate, offering: true);
            peer.Offering(new OfferContext(local, HostCandidate(), options.StreamId ?? id));
            session.Tag = peer;
            _peers[id] = peer;
            return peer;
        }
    }

    private string NewPeerId() => $"peer-{Interlocked.Increment(ref _nextPeerId)}";

    private IceCandidate HostCandidate() => new()
    {
        Foundation = "1", Component = 1, Transport = "udp",
        Priority = IceCandidatePriority.Compute(IceCandidatePriority.HostTypePreference),
        Address = (_options.AnnouncedAddress ?? LocalEndPoint.Address).ToString(), Port = LocalEndPoint.Port, Type = "host",
    };

    /// <summary>RFC 5763 §5 / RFC 8842 §5.3: the answerer takes the role the offer leaves it.</summary>
    private static bool TryChooseRole(SetupRole offered, DtlsRole? wanted, out DtlsRole role, out string? error)
    {
        error = null;
        switch (offered)
        {
            case SetupRole.Active:
                role = DtlsRole.Server;
                break;
            case SetupRole.Passive:
                role = DtlsRole.Client;
                break;
            default:
                role = wanted ?? DtlsRole.Client;
                return true;
        }
        if (wanted is { } w && w != role)
        {
            error = $"the offer is a=setup:{offered.ToSdp()}, which leaves us the DTLS {role} role, but PeerOptions.Role asks for {w}";
            return false;
        }
        return true;
    }

    private void Housekeep()
    {
        _ice.RemoveExpiredAddresses();
        DateTimeOffset now = TimeProvider.GetUtcNow();
        foreach (WebRtcPeer peer in _peers.Values) peer.OnHousekeeping(now);
    }
}

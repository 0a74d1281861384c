using System.Net;
using Conference.Media.Dtls;
using Conference.Media.Ice;
using Conference.Media.Sctp;
using Conference.Media.Sdp;
using Conference.Media.Transport;

namespace Conference.Media.Peer;

/// <summary>
/// One remote browser (or client) on a <see cref="MediaEngine"/>: its ICE-lite session, DTLS-SRTP transport,
/// SCTP data channels and tracks. Created by <see cref="MediaEngine.TryAcceptOffer"/>.
/// Media events run on the engine's receive loop: handle the span before returning and do not block.
/// </summary>
public sealed class WebRtcPeer : IAsyncDisposable
{
    private readonly MediaEngine _engine;
    private readonly IceLiteSession _ice;
    private readonly PeerMediaSession _session;
    private readonly DateTimeOffset _createdAt;
    private readonly TimeSpan _connectTimeout;
    private SendTarget? _target;
    private long _firstCheckUtcTicks; // 0 until the first authenticated check (written on the receive loop)

    internal WebRtcPeer(string id, MediaEngine engine, IceLiteSession ice, DtlsRole role, DtlsFingerprint remoteFingerprint,
        ServerAnswer answer, PeerOptions options, DtlsCertificate certificate)
    {
        Id = id;
        _engine = engine;
        _ice = ice;
        _createdAt = engine.TimeProvider.GetUtcNow();
        _connectTimeout = options.ConnectTimeout;
        var transportOptions = new DtlsSrtpTransportOptions
        {
            EnableSctp = answer.OfferedDataSection is not null,
            RemoteSctpPort = (ushort)(answer.OfferedDataSection?.SctpPort ?? 5000),
            MaxMessageSize = options.MaxMessageSize,
            TimeProvider = engine.TimeProvider,
        };
        var transport = new DtlsSrtpTransport(role, certificate, remoteFingerprint, SendDatagram, transportOptions);
        _session = new PeerMediaSession(transport, answer.Tracks, engine.Counters,
            state => StateChanged?.Invoke(this, state),
            channel => DataChannelOpened?.Invoke(channel),
            (track, packet) => RtpReceived?.Invoke(this, track, packet),
            packet => RtcpReceived?.Invoke(this, packet));
    }

    public string Id { get; }

    public PeerState State => _session.State.State;

    /// <summary>Raised on the thread that caused the change (receive loop, DTLS thread or a timer).</summary>
    public event Action<WebRtcPeer, PeerState>? StateChanged;

    /// <summary>Completes when ICE + DTLS (+ SRTP keys) are up; faults on failure (bad fingerprint, timeout...).</summary>
    public Task Connected => _session.State.Connected;

    /// <summary>One per accepted audio/video m-line of the offer, in offer order.</summary>
    public IReadOnlyList<PeerTrack> Tracks => _session.Tracks;

    public event RtpPacketHandler? RtpReceived;

    public event RtcpPacketHandler? RtcpReceived;

    /// <summary>A remote-opened channel, or one of ours once it is open. Raised on the DTLS thread.</summary>
    public event Action<DataChannel>? DataChannelOpened;

    public DtlsRole DtlsRole => _session.Transport.Dtls.Role;

    /// <summary>The address media goes to: the nominated one (RFC 8445 §7.3.1.5), else the first validated.</summary>
    public IPEndPoint? RemoteEndPoint => Volatile.Read(ref _target)?.EndPoint;

    /// <summary>The negotiated SRTP profile once connected.</summary>
    public Srtp.SrtpProfile? SrtpProfile => _session.Transport.Srtp.Profile;

    public IReadOnlyCollection<DataChannel> DataChannels =>
        _session.Transport.DataChannels?.Channels ?? (IReadOnlyCollection<DataChannel>)[];

    /// <summary>SRTP-protects (pooled buffer) and sends to the selected, consented address. False when not sent.</summary>
    public bool SendRtp(ReadOnlySpan<byte> rtpPacket) => _session.Transport.SendRtp(rtpPacket);

    public bool SendRtcp(ReadOnlySpan<byte> rtcpCompound) => _session.Transport.SendRtcp(rtcpCompound);

    /// <summary>Opens a data channel (DCEP); throws when no data section was negotiated.</summary>
    public DataChannel CreateDataChannel(string label, DataChannelOptions? options = null) =>
        _session.CreateDataChannel(label, options);

    /// <summary>
    /// Trickled remote candidate: validated and accepted. An ICE-lite agent never sends checks (RFC 8445 §2.5),
    /// so addresses are learned from the peer's authenticated checks; the candidate itself is not needed.
    /// </summary>
    public bool TryAddRemoteCandidate(string candidate, out string? error)
    {
        if (string.IsNullOrWhiteSpace(candidate) || candidate.Trim() is "a=end-of-candidates" or "end-of-candidates")
        {
            error = null;
            return true; // end of trickle (RFC 8838 §4.4)
        }
        if (!IceCandidate.TryParse(candidate, out _, out string parseError))
        {
            error = parseError;
            return false;
        }
        error = null;
        return true;
    }

    /// <summary>SCTP abort, DTLS close_notify, ICE session removed; idempotent.</summary>
    public ValueTask DisposeAsync()
    {
        _session.State.Close();
        _session.Close();
        _engine.Remove(this, _ice);
        return ValueTask.CompletedTask;
    }

    /// <summary>An authenticated check arrived from <paramref name="from"/> (receive loop).</summary>
    internal void OnIceCheck(IPEndPoint from)
    {
        IPEndPoint chosen = _ice.NominatedAddress ?? from;
        SendTarget? current = Volatile.Read(ref _target);
        // Keep a working target unless the peer nominated another one or ours lost consent.
        bool keep = current is not null && current.EndPoint.Equals(chosen)
            || (current is not null && _ice.NominatedAddress is null && _ice.CanSendTo(current.EndPoint));
        if (!keep) Volatile.Write(ref _target, new SendTarget(chosen));
        // As DTLS server we only wait for the ClientHello, so start at once. As DTLS client, send the
        // ClientHello once the controlling agent nominated the pair (RFC 8445 §8.1.1): before that it may not
        // have our response yet and could drop it, costing a 1 s retransmission. Housekeeping starts it anyway
        // if the peer never nominates.
        if (DtlsRole == DtlsRole.Server || _ice.NominatedAddress is not null) _session.StartTransport();
        else Interlocked.CompareExchange(ref _firstCheckUtcTicks, _engine.TimeProvider.GetUtcNow().UtcTicks, 0);
    }

    internal void OnDatagram(DatagramKind kind, Span<byte> datagram) => _session.OnDatagram(kind, datagram);

    /// <summary>How long a DTLS client waits for a nomination after the first authenticated check.</summary>
    private static readonly TimeSpan UnnominatedStartDelay = TimeSpan.FromMilliseconds(500);

    internal void OnHousekeeping(DateTimeOffset now)
    {
        PeerState state = State;
        long firstCheck = Interlocked.Read(ref _firstCheckUtcTicks);
        if (state == PeerState.New && firstCheck != 0 && now.UtcTicks - firstCheck >= UnnominatedStartDelay.Ticks)
        {
            _session.StartTransport();
            state = State;
        }
        if (state is PeerState.New or PeerState.Connecting && now - _createdAt > _connectTimeout)
        {
            Fail(new TimeoutException($"ICE and DTLS did not connect within {_connectTimeout.TotalSeconds:0.#} s."));
        }
        else if (state == PeerState.Connected && (RemoteEndPoint is not { } target || !_ice.CanSendTo(target, now)))
        {
            // RFC 7675 §5.1: consent expired; no more media may be sent, the transport is dead.
            Fail(new TimeoutException("ICE consent expired (RFC 7675)."));
        }
    }

    private void Fail(Exception reason) => _session.Fail(reason);

    private bool SendDatagram(ReadOnlySpan<byte> datagram)
    {
        SendTarget? target = Volatile.Read(ref _target);
        if (target is null || !_ice.CanSendTo(target.EndPoint))
        {
            _engine.Counters.NoConsent();
            return false;
        }
        return _engine.SendTo(datagram, target.Address);
    }
}

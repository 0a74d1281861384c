using System.Net;
using Conference.Media.Dtls;
using Conference.Media.Ice;
using Conference.Media.Sctp;
using Conference.Media.Sdp;
using Conference.Media.Transport;

namespace Conference.Media.Peer;

/// <summary>
/// One remote browser (or client) on a <see cref="MediaEngine"/>: its ICE-lite session, DTLS-SRTP transport,
/// SCTP data channels and tracks. Created by <see cref="MediaEngine.TryAcceptOffer"/> (the remote offers: a
/// publisher connection) or <see cref="MediaEngine.CreateOfferingPeer"/> (we offer: a subscriber connection,
/// whose transport exists from the first answer on).
/// Media events run on the engine's receive loop: handle the span before returning and do not block.
/// </summary>
public sealed partial class WebRtcPeer : IAsyncDisposable
{
    private const int MaxDatagramsBeforeAnswer = 16;
    private readonly MediaEngine _engine;

    /// <summary>The engine whose loop owns this peer's media.</summary>
    internal MediaEngine Engine => _engine;
    private readonly IceLiteSession _ice;
    private readonly PeerStateMachine _state;
    private readonly DateTimeOffset _createdAt;
    private readonly PeerOptions _options;
    private readonly DtlsCertificate _certificate;
    private readonly Lock _attachLock = new();
    private PeerMediaSession? _session; // set once: at creation (answering) or at the first answer (offering)
    private List<(DatagramKind Kind, byte[] Datagram)>? _beforeSession;
    private SendTarget? _target;
    private long _firstCheckUtcTicks; // 0 until the first authenticated check (written on the receive loop)
    private long _firstAnyCheckTimestamp, _iceRoundTripTicks; // Stopwatch ticks (receive loop writes, DTLS thread reads)
    private bool _nominationSeen; // receive loop only
    private readonly ConnectTimeline _timeline;
    private long _connectedAt;

    internal WebRtcPeer(string id, MediaEngine engine, IceLiteSession ice, PeerOptions options, DtlsCertificate certificate, bool offering)
    {
        _timeline = new ConnectTimeline(offering);
        Id = id;
        _engine = engine;
        _ice = ice;
        _options = options;
        _certificate = certificate;
        _createdAt = engine.TimeProvider.GetUtcNow();
        _state = new PeerStateMachine(state =>
        {
            if (state == PeerState.Connected && Volatile.Read(ref _session) is { } connected)
            {
                Interlocked.Exchange(ref _connectedAt, System.Diagnostics.Stopwatch.GetTimestamp());
                _timeline.Record(_engine.Counters, connected.Transport.Dtls.Timings);
            }
            StateChanged?.Invoke(this, state);
        });
    }

    /// <summary>Creates the transport once the remote's fingerprint and DTLS role are known (offer or first answer).</summary>
    internal void Attach(Dtls.DtlsRole role, DtlsFingerprint remoteFingerprint, IReadOnlyList<PeerTrack> tracks, MediaDescription? dataSection)
    {
        var transportOptions = new DtlsSrtpTransportOptions
        {
            EnableSctp = dataSection is not null,
            RemoteSctpPort = (ushort)(dataSection?.SctpPort ?? 5000),
            MaxMessageSize = _options.MaxMessageSize,
            TimeProvider = _engine.TimeProvider,
            Dtls = new Dtls.DtlsTransportOptions { Faulted = _engine.Fault, RetransmitTimeoutEstimate = DtlsRetransmitTimeout },
            ReceiveLoop = _engine.Post,
            IsOnReceiveLoop = () => _engine.IsOnLoop,
        };
        var transport = new DtlsSrtpTransport(role, _certificate, remoteFingerprint, SendDatagram, transportOptions);
        var session = new PeerMediaSession(transport, tracks, _engine.Counters,
            _ => { },
            channel => DataChannelOpened?.Invoke(channel),
            (track, packet) => RtpReceived?.Invoke(this, track, packet),
            packet => RtcpReceived?.Invoke(this, packet),
            _state);
        lock (_attachLock)
        {
            // What arrived before the answer goes first, in order, before the receive loop (which waits on this lock
            // while _session is null) can hand the session anything newer: a DTLS server must see the ClientHello
            // it was sent before any retransmission of it, or it answers flights twice.
            if (_beforeSession is { } early)
            {
                foreach (var (kind, datagram) in early) session.OnDatagram(kind, datagram);
            }
            _beforeSession = null;
            Volatile.Write(ref _session, session);
        }
        if (_state.IsFinished)
        {
            session.Close();
            return;
        }
        // Checks (and a DTLS ClientHello) may have arrived while the answer was on its way through signaling.
        if (Volatile.Read(ref _target) is not null && (role == Dtls.DtlsRole.Server || _ice.NominatedAddress is not null)) StartTransport(session);
    }

    public string Id { get; }

    public PeerState State => _state.State;

    /// <summary>When the peer became Connected (<see cref="System.Diagnostics.Stopwatch"/> ticks); 0 before.</summary>
    public long ConnectedTimestamp => Interlocked.Read(ref _connectedAt);

    /// <summary>Raised on the thread that caused the change (receive loop, DTLS thread or a timer).</summary>
    public event Action<WebRtcPeer, PeerState>? StateChanged;

    /// <summary>Completes when ICE + DTLS (+ SRTP keys) are up; faults on failure (bad fingerprint, timeout...).</summary>
    public Task Connected => _state.Connected;

    /// <summary>One per accepted audio/video m-line, in SDP order (updated by renegotiation).</summary>
    public IReadOnlyList<PeerTrack> Tracks => Volatile.Read(ref _session)?.Tracks ?? [];

    public event RtpPacketHandler? RtpReceived;

    public event RtcpPacketHandler? RtcpReceived;

    /// <summary>A remote-opened channel, or one of ours once it is open. Raised on the DTLS thread.</summary>
    public event Action<DataChannel>? DataChannelOpened;

    /// <summary>Null for an offering peer until its first answer.</summary>
    public Dtls.DtlsRole? DtlsRole => Volatile.Read(ref _session)?.Transport.Dtls.Role;

    /// <summary>The address media goes to: the nominated one (RFC 8445 §7.3.1.5), else the first validated.</summary>
    public IPEndPoint? RemoteEndPoint => Volatile.Read(ref _target)?.EndPoint;

    /// <summary>The negotiated SRTP profile once connected.</summary>
    public Srtp.SrtpProfile? SrtpProfile => Volatile.Read(ref _session)?.Transport.Srtp.Profile;

    public IReadOnlyCollection<DataChannel> DataChannels =>
        Volatile.Read(ref _session)?.Transport.DataChannels?.Channels ?? (IReadOnlyCollection<DataChannel>)[];

    /// <summary>
    /// SRTP-protects and sends to the selected, consented address; false when not sent. On the engine's loop (the SFU's
    /// forwarding) this takes no lock and allocates nothing; from another thread the packet is posted to the loop.
    /// </summary>
    public bool SendRtp(ReadOnlySpan<byte> rtpPacket) => Volatile.Read(ref _session)?.Transport.SendRtp(rtpPacket) ?? false;

    public bool SendRtcp(ReadOnlySpan<byte> rtcpCompound) => Volatile.Read(ref _session)?.Transport.SendRtcp(rtcpCompound) ?? false;

    /// <summary>
    /// Packets with this SSRC belong to the section from now on, whatever header extensions they carry (a stream an
    /// earlier connection learned by its mid). Receive loop only; false before the peer has its sections.
    /// </summary>
    public bool LearnRemoteSsrc(PeerTrack section, uint ssrc) => Volatile.Read(ref _session)?.LearnRemoteSsrc(section, ssrc) ?? false;

    /// <summary>Opens a data channel (DCEP); throws when no data section was negotiated (or, offering, before the answer).</summary>
    public DataChannel CreateDataChannel(string label, DataChannelOptions? options = null) =>
        (Volatile.Read(ref _session) ?? throw new InvalidOperationException("The peer has no transport before the answer."))
            .CreateDataChannel(label, options);

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
        if (!IceCandidate.TryParse(candidate, out IceCandidate parsed, out string parseError))
        {
            error = parseError;
            return false;
        }
        // RFC 8840 §4.1: a trickled candidate names the ICE session (ufrag) it belongs to; one for another session
        // (another participant's, or an earlier one of this peer) is refused, not silently taken.
        if (parsed.Ufrag is { } ufrag && RemoteIceUfrag is { } remote && ufrag != remote)
        {
            error = $"the candidate belongs to another ICE session (ufrag '{ufrag}', this connection's is '{remote}')";
            return false;
        }
        error = null;
        return true;
    }

    /// <summary>SCTP abort, DTLS close_notify, ICE session removed; idempotent.</summary>
    public ValueTask DisposeAsync()
    {
        _state.Close();
        lock (_attachLock) _beforeSession = null;
        Volatile.Read(ref _session)?.Close();
        _engine.Remove(this, _ice);
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// The first DTLS flight's retransmission timer, from the ICE round trip as browsers do (libwebrtc: twice the RTT,
    /// 50 ms to 1 s): a lite agent sends no checks, so the round trip is the time from the controlling peer's first
    /// authenticated check to its nomination (it nominates once our response reached it). A lost first flight then
    /// costs a few round trips, not RFC 6347's 1 s; BouncyCastle doubles the timer per loss.
    /// </summary>
    internal TimeSpan DtlsRetransmitTimeout()
    {
        long rtt = Interlocked.Read(ref _iceRoundTripTicks);
        if (rtt <= 0) return FallbackRetransmitTimeout;
        var estimate = TimeSpan.FromSeconds(2.0 * rtt / System.Diagnostics.Stopwatch.Frequency);
        return estimate < MinRetransmitTimeout ? MinRetransmitTimeout : estimate > MaxRetransmitTimeout ? MaxRetransmitTimeout : estimate;
    }

    /// <summary>The first check → nomination time, zero while unknown (no nomination yet, or the first check nominated).</summary>
    internal TimeSpan IceRoundTrip => TimeSpan.FromSeconds((double)Interlocked.Read(ref _iceRoundTripTicks) / System.Diagnostics.Stopwatch.Frequency);

    private static readonly TimeSpan MinRetransmitTimeout = TimeSpan.FromMilliseconds(50), MaxRetransmitTimeout = TimeSpan.FromSeconds(1),
        FallbackRetransmitTimeout = TimeSpan.FromMilliseconds(200);

    /// <summary>An authenticated check arrived from <paramref name="from"/> (receive loop).</summary>
    internal void OnIceCheck(IPEndPoint from)
    {
        long now = System.Diagnostics.Stopwatch.GetTimestamp();
        _timeline.FirstCheck();
        bool first = Interlocked.CompareExchange(ref _firstAnyCheckTimestamp, now, 0) == 0;
        if (!_nominationSeen && _ice.NominatedAddress is not null)
        {
            _nominationSeen = true; // only the check that first nominates measures (an aggressive first check: no estimate)
            if (!first) Interlocked.Exchange(ref _iceRoundTripTicks, Math.Max(1, now - Interlocked.Read(ref _firstAnyCheckTimestamp)));
        }
        IPEndPoint chosen = _ice.NominatedAddress ?? from;
        SendTarget? current = Volatile.Read(ref _target);
        // Keep a working target unless the peer nominated another one or ours lost consent.
        bool keep = current is not null && current.EndPoint.Equals(chosen) && current.Consent is { } held
                && _ice.HasConsent(held, _engine.TimeProvider.GetUtcNow())
            || (current is not null && _ice.NominatedAddress is null && _ice.CanSendTo(current.EndPoint));
        if (!keep && _ice.FindAddress(chosen) is { } consented) Volatile.Write(ref _target, new SendTarget(chosen, consented));
        // As DTLS server we only wait for the ClientHello, so start at once. As DTLS client, send the
        // ClientHello once the controlling agent nominated the pair (RFC 8445 §8.1.1): before that it may not
        // have our response yet and could drop it, costing a 1 s retransmission. Housekeeping starts it anyway
        // if the peer never nominates.
        // Offering and not answered yet (no session): Attach starts the transport, or housekeeping does later.
        PeerMediaSession? session = Volatile.Read(ref _session);
        if (session is not null && (session.Transport.Dtls.Role == Dtls.DtlsRole.Server || _ice.NominatedAddress is not null)) StartTransport(session);
        else Interlocked.CompareExchange(ref _firstCheckUtcTicks, _engine.TimeProvider.GetUtcNow().UtcTicks, 0);
    }

    internal void OnDatagram(DatagramKind kind, Span<byte> datagram)
    {
        if (Volatile.Read(ref _session) is { } session)
        {
            session.OnDatagram(kind, datagram);
            return;
        }
        lock (_attachLock)
        {
            if (Volatile.Read(ref _session) is { } attached)
            {
                attached.OnDatagram(kind, datagram);
                return;
            }
            // A DTLS ClientHello can overtake the answer (the browser connects as soon as it has answered). Before
            // our first flight the client can only be repeating that ClientHello (RFC 6347 §4.2.4 retransmission):
            // keep the latest copy of each of its fragments, so the handshake starts once instead of answering every
            // copy. Fragments, not datagrams: Chromium's ClientHello (~1.4 KB with its post-quantum key share) comes in
            // two, and keeping only the last datagram kept half of it: the handshake waited for a retransmission.
            _beforeSession ??= [];
            if (kind == DatagramKind.Dtls)
            {
                ReadOnlySpan<byte> fragment = datagram;
                for (int i = _beforeSession.Count - 1; i >= 0; i--)
                {
                    if (_beforeSession[i].Kind == DatagramKind.Dtls && DtlsHandshakeFragment.Same(_beforeSession[i].Datagram, fragment)) _beforeSession.RemoveAt(i);
                }
            }
            if (_beforeSession.Count < MaxDatagramsBeforeAnswer && !_state.IsFinished) _beforeSession.Add((kind, datagram.ToArray()));
            else _engine.Counters.SrtpDropped(SrtpReceiveResult.NoKeys);
        }
    }

    /// <summary>How long a DTLS client waits for a nomination after the first authenticated check.</summary>
    private static readonly TimeSpan UnnominatedStartDelay = TimeSpan.FromMilliseconds(500);

    internal void OnHousekeeping(DateTimeOffset now)
    {
        PeerState state = State;
        long firstCheck = Interlocked.Read(ref _firstCheckUtcTicks);
        if (state == PeerState.New && firstCheck != 0 && now.UtcTicks - firstCheck >= UnnominatedStartDelay.Ticks
            && Volatile.Read(ref _session) is { } session)
        {
            StartTransport(session);
            state = State;
        }
        if (state is PeerState.New or PeerState.Connecting && now - _createdAt > _options.ConnectTimeout)
        {
            Fail(new TimeoutException($"ICE and DTLS did not connect within {_options.ConnectTimeout.TotalSeconds:0.#} s."));
        }
        else if (state == PeerState.Connected && (RemoteEndPoint is not { } target || !_ice.CanSendTo(target, now)))
        {
            // RFC 7675 §5.1: consent expired; no more media may be sent, the transport is dead.
            Fail(new TimeoutException("ICE consent expired (RFC 7675)."));
        }
    }

    private void StartTransport(PeerMediaSession session)
    {
        _timeline.TransportStarted();
        session.StartTransport();
    }

    private void Fail(Exception reason)
    {
        if (Volatile.Read(ref _session) is { } session) session.Fail(reason);
        else if (_state.Fail(reason)) lock (_attachLock) _beforeSession = null;
    }

    private bool SendDatagram(ReadOnlySpan<byte> datagram)
    {
        // Lock-free: the target and its consent are published snapshots (RFC 7675 §5.1 still holds per send).
        SendTarget? target = Volatile.Read(ref _target);
        if (target?.Consent is not { } consent || !_ice.HasConsent(consent, _engine.TimeProvider.GetUtcNow()))
        {
            _engine.Counters.NoConsent();
            return false;
        }
        return _engine.SendTo(datagram, target.Address);
    }
}

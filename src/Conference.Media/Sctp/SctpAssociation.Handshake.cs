namespace Conference.Media.Sctp;

// Association setup: RFC 9260 §5.1 (four-way handshake with a state cookie) and §5.2 (collisions).
public sealed partial class SctpAssociation
{
    private const ushort StreamCount = 65535; // RFC 8831 §6.2: announce the maximum.
    private uint _pendingPeerInitialTsn;
    private uint _pendingPeerWindow;

    private static SctpParameter[] LocalParameters() =>
    [
        new(SctpParameter.SupportedExtensions, [SctpChunkType.ForwardTsn, SctpChunkType.ReConfig]),
        new(SctpParameter.ForwardTsnSupported, []),
    ];

    private void SendInit()
    {
        Emit(0, new SctpInitChunk(false, LocalTag, _options.ReceiveWindow, StreamCount, StreamCount, _initialTsn, LocalParameters()));
        _t1.Start(T1Timeout());
    }

    private TimeSpan T1Timeout()
    {
        // RFC 9260 §6.3.3 rule E2 applies to T1 as well: double per expiry, capped at RTO.Max.
        double ms = _options.RtoInitial.TotalMilliseconds * Math.Pow(2, _t1Count);
        return TimeSpan.FromMilliseconds(Math.Min(ms, _options.RtoMax.TotalMilliseconds));
    }

    private void OnT1Expired()
    {
        if (_state is not (SctpAssociationState.CookieWait or SctpAssociationState.CookieEchoed)) return;
        if (++_t1Count > _options.MaxInitRetransmits)
        {
            Terminate("peer did not answer the association setup");
            return;
        }
        if (_state == SctpAssociationState.CookieWait)
        {
            SendInit();
            return;
        }
        Emit(_peerTag, new SctpCookieEchoChunk(_cookieToEcho!));
        _t1.Start(T1Timeout());
    }

    /// <summary>
    /// RFC 9260 §5.2.1-2: whatever our state, answer an INIT with an INIT ACK carrying our single
    /// tag and a signed cookie, without creating state. When both WebRTC peers send INIT at once,
    /// each answers the other, each echoes the other's cookie, and both land on the same tag pair.
    /// </summary>
    private void OnInit(SctpInitChunk init)
    {
        byte[] cookie = new SctpStateCookie(NowMs, LocalTag, _initialTsn, init.InitiateTag, init.InitialTsn,
            init.AdvertisedReceiverWindow, init.SupportsForwardTsn).Seal(_cookieSecret);
        SctpParameter[] parameters = [.. LocalParameters(), new(SctpParameter.StateCookie, cookie)];
        Emit(init.InitiateTag,
            new SctpInitChunk(true, LocalTag, _options.ReceiveWindow, StreamCount, StreamCount, _initialTsn, parameters));
    }

    private void OnInitAck(SctpInitChunk initAck)
    {
        // RFC 9260 §5.2.3: an INIT ACK outside COOKIE-WAIT is discarded.
        if (_state != SctpAssociationState.CookieWait || initAck.StateCookie is not { } cookie) return;
        _peerTag = initAck.InitiateTag;
        _pendingPeerInitialTsn = initAck.InitialTsn;
        _pendingPeerWindow = initAck.AdvertisedReceiverWindow;
        _peerSupportsForwardTsn = initAck.SupportsForwardTsn;
        _cookieToEcho = cookie;
        _state = SctpAssociationState.CookieEchoed;
        _t1Count = 0;
        Emit(_peerTag, new SctpCookieEchoChunk(cookie));
        _t1.Start(T1Timeout());
    }

    private void OnCookieEcho(SctpCookieEchoChunk echo)
    {
        if (!SctpStateCookie.TryOpen(_cookieSecret, echo.Cookie, NowMs, _options.CookieLifetime, out SctpStateCookie? cookie) ||
            cookie!.LocalTag != LocalTag)
        {
            return;
        }
        if (_state is SctpAssociationState.Idle or SctpAssociationState.CookieWait or SctpAssociationState.CookieEchoed)
        {
            _peerSupportsForwardTsn = cookie.PeerSupportsForwardTsn;
            EstablishWith(cookie.PeerTag, cookie.PeerInitialTsn, cookie.PeerReceiverWindow);
            Emit(_peerTag, new SctpEmptyChunk(SctpChunkType.CookieAck));
        }
        else if (cookie.PeerTag == _peerTag)
        {
            // RFC 9260 §5.2.4 case D: our COOKIE ACK was lost; acknowledge again.
            Emit(_peerTag, new SctpEmptyChunk(SctpChunkType.CookieAck));
        }
        // A different peer tag while established is a peer restart, which WebRTC never does: ignored.
    }

    private void OnCookieAck()
    {
        if (_state != SctpAssociationState.CookieEchoed) return;
        EstablishWith(_peerTag, _pendingPeerInitialTsn, _pendingPeerWindow);
    }

    private void EstablishWith(uint peerTag, uint peerInitialTsn, uint peerWindow)
    {
        _peerTag = peerTag;
        _peerCumTsn = peerInitialTsn - 1;
        _peerReconfigNext = peerInitialTsn; // RFC 6525 §5.1.1: request numbers start at the initial TSN.
        _peerRwnd = peerWindow;
        _lastCumAck = _initialTsn - 1;
        _state = SctpAssociationState.Established;
        _t1.Stop();
        Raise(() => Established?.Invoke());
        TrySendData();
    }
}

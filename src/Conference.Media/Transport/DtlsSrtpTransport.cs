using Conference.Media.Dtls;
using Conference.Media.Sctp;
using Conference.Media.Srtp;

namespace Conference.Media.Transport;

/// <summary>
/// The secured part of one WebRTC transport: DTLS (RFC 6347) in the negotiated role, SRTP keys exported
/// from it (RFC 5764 §4.2) and, when negotiated, SCTP data channels over it (RFC 8261, RFC 8831).
/// ICE and the socket stay outside: DTLS records come in through <see cref="OnDtlsDatagram"/> and every
/// datagram leaves through the <see cref="DatagramSender"/>, which only sends to a consented address.
/// </summary>
public sealed class DtlsSrtpTransport : IDisposable
{
    private readonly DatagramSender _send;
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _keyLock = new();
    private readonly Action<string, Exception>? _faulted;
    private int _started;
    private int _closed;

    public DtlsSrtpTransport(DtlsRole role, DtlsCertificate certificate, DtlsFingerprint expectedRemoteFingerprint,
        DatagramSender send, DtlsSrtpTransportOptions? options = null)
    {
        options ??= new DtlsSrtpTransportOptions();
        _send = send;
        _faulted = options.Dtls.Faulted;
        Srtp.ReceiveLoop = options.ReceiveLoop;
        if (options is { ReceiveLoop: { } post, IsOnReceiveLoop: { } isOnLoop }) Srtp.SendLoop = new SrtpSendLoop(isOnLoop, post);
        Dtls = new DtlsTransport(role, certificate, expectedRemoteFingerprint, datagram => _send(datagram.Span), options.Dtls);
        if (options.EnableSctp)
        {
            var sctpOptions = new SctpAssociationOptions
            {
                RemotePort = options.RemoteSctpPort,
                MaxMessageSize = options.MaxMessageSize,
            };
            // Bound before the handshake so the peer's INIT right after it is not missed (see SctpOverDtls).
            Sctp = SctpOverDtls.Create(Dtls, sctpOptions, options.TimeProvider);
            DataChannels = new DataChannelEndpoint(Sctp, role == DtlsRole.Client);
        }
        _ = Dtls.Handshake.ContinueWith(OnHandshakeDone, TaskScheduler.Default);
    }

    public DtlsTransport Dtls { get; }

    public SrtpChannel Srtp { get; } = new();

    public SctpAssociation? Sctp { get; }

    public DataChannelEndpoint? DataChannels { get; }

    /// <summary>Completes when DTLS is up and SRTP keys are installed; faults with the handshake's error.</summary>
    public Task Connected => _connected.Task;

    public bool IsStarted => Volatile.Read(ref _started) != 0;

    /// <summary>Starts the handshake (once; later calls do nothing).</summary>
    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0 || Volatile.Read(ref _closed) != 0) return;
        _ = Dtls.Start();
    }

    public void OnDtlsDatagram(ReadOnlySpan<byte> datagram) => Dtls.OnDatagram(datagram);

    /// <summary>Unprotects SRTP in place. Keys are installed here too if the handshake just finished,
    /// so media the peer sends right after its Finished is not lost to the continuation's scheduling.</summary>
    public SrtpReceiveResult UnprotectRtp(Span<byte> packet, out int length)
    {
        EnsureKeys();
        return Srtp.UnprotectRtp(packet, out length);
    }

    public SrtpReceiveResult UnprotectRtcp(Span<byte> packet, out int length)
    {
        EnsureKeys();
        return Srtp.UnprotectRtcp(packet, out length);
    }

    public bool SendRtp(ReadOnlySpan<byte> packet) => Srtp.ProtectAndSend(packet, isRtcp: false, _send);

    public bool SendRtcp(ReadOnlySpan<byte> packet) => Srtp.ProtectAndSend(packet, isRtcp: true, _send);

    /// <summary>ABORTs SCTP (the peer learns at once; a graceful SHUTDOWN needs round trips we may not
    /// get) and sends DTLS close_notify (RFC 5246 §7.2.1).</summary>
    public void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0) return;
        try
        {
            Sctp?.Abort("peer closed");
        }
        catch (Exception e)
        {
            // Best effort on the way out, but never silent.
            _faulted?.Invoke("dtls sctp abort failed", e);
        }
        Dtls.Close();
        _connected.TrySetException(new ObjectDisposedException(nameof(DtlsSrtpTransport), "The transport was closed before it connected."));
    }

    public void Dispose()
    {
        Close();
        Sctp?.Dispose();
        Srtp.Dispose();
    }

    /// <summary>True once SRTP keys are installed (installing them now if the handshake just completed).</summary>
    public bool EnsureKeys()
    {
        if (Srtp.HasKeys) return true;
        Task<DtlsHandshakeResult> handshake = Dtls.Handshake;
        if (handshake.IsCompletedSuccessfully) InstallKeys(handshake.Result);
        return Srtp.HasKeys;
    }

    /// <summary>True while keys may still come: the handshake is neither done nor failed.</summary>
    public bool AwaitingKeys => !Srtp.HasKeys && !Dtls.Handshake.IsCompleted && Volatile.Read(ref _closed) == 0;

    private void InstallKeys(DtlsHandshakeResult result)
    {
        lock (_keyLock)
        {
            if (Srtp.HasKeys) return;
            // DtlsSrtpProfile and SrtpProfile share the RFC 5764 §4.1.2 / RFC 7714 §14.2 code points.
            Srtp.SetKeys(SrtpKeyMaterial.Split(result.KeyingMaterial, (SrtpProfile)(ushort)result.Profile, result.IsClient));
        }
    }

    private void OnHandshakeDone(Task<DtlsHandshakeResult> handshake)
    {
        if (!handshake.IsCompletedSuccessfully)
        {
            Exception error = handshake.Exception?.InnerException ?? new DtlsHandshakeException("The DTLS handshake was cancelled.");
            _connected.TrySetException(error);
            return;
        }
        InstallKeys(handshake.Result);
        // RFC 8841 §5 / JSEP: both sides start SCTP once DTLS is up; simultaneous INITs converge.
        Sctp?.Connect();
        _connected.TrySetResult();
    }
}

using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using BcDtlsTransport = Org.BouncyCastle.Tls.DtlsTransport;

namespace Conference.Media.Dtls;

/// <summary>
/// One DTLS 1.2 association with one peer (RFC 6347), carrying the DTLS-SRTP key exchange
/// (RFC 5764) and, after the handshake, application data for SCTP (RFC 8261).
/// It never touches a socket: received records come in through <see cref="OnDatagram"/>
/// (bytes 20..63 after RFC 7983 demultiplexing) and records go out through the send callback.
/// BouncyCastle's API blocks, so each transport owns one background thread that runs the
/// handshake and then the receive loop.
/// </summary>
public sealed class DtlsTransport : IDisposable
{
    private readonly DtlsCertificate _certificate;
    private readonly DtlsFingerprint _expectedRemote;
    private readonly DtlsTransportOptions _options;
    private readonly DatagramQueue _queue;
    private readonly TaskCompletionSource<DtlsHandshakeResult> _handshake =
        new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _sendLock = new();
    private BcDtlsTransport? _session;
    private DtlsHandshakeResult? _result;
    private int _state = (int)DtlsTransportState.New;
    private int _closedRaised;

    public DtlsTransport(
        DtlsRole role,
        DtlsCertificate certificate,
        DtlsFingerprint expectedRemoteFingerprint,
        Action<ReadOnlyMemory<byte>> sendDatagram,
        DtlsTransportOptions? options = null)
    {
        Role = role;
        _certificate = certificate;
        _expectedRemote = expectedRemoteFingerprint;
        _options = options ?? new DtlsTransportOptions();
        _queue = new DatagramQueue(sendDatagram, _options.ReceiveQueueCapacity, _options.MaxDatagramSize);
    }

    public DtlsRole Role { get; }

    public DtlsTransportState State => (DtlsTransportState)Volatile.Read(ref _state);

    /// <summary>Completes when the handshake succeeds; faults with <see cref="DtlsHandshakeException"/> otherwise.</summary>
    public Task<DtlsHandshakeResult> Handshake => _handshake.Task;

    /// <summary>
    /// Decrypted application data, raised on the transport's thread. The memory is reused after
    /// the handler returns: parse or copy it there.
    /// </summary>
    public event Action<ReadOnlyMemory<byte>>? DataReceived;

    /// <summary>Raised once when the association ends: close_notify either way, a fatal alert, or failure.</summary>
    public event Action? Closed;

    /// <summary>
    /// Raised on the transport's thread after <see cref="DataReceived"/> when no further received datagram is queued,
    /// and once when the receive loop ends: the moment to send what handlers deferred while more records were waiting
    /// (SCTP bundles relayed messages this way, <c>SctpSendBatch</c>).
    /// </summary>
    public event Action? ReceiveIdle;

    // RFC 6347 §4.1 record header (13 bytes) plus the AES-GCM explicit nonce (8) and tag (16) of
    // RFC 5288 §3; both cipher suites we allow are AES-GCM, so this is known before the handshake.
    private const int RecordOverhead = 13 + 8 + 16;

    /// <summary>The largest application payload one <see cref="Send"/> can carry in a single record.</summary>
    public int MaxApplicationDataSize => _session?.GetSendLimit() ?? _options.MaxDatagramSize - RecordOverhead;

    /// <summary>When the handshake's flights came and went; set once it succeeded (default before).</summary>
    public DtlsHandshakeTimings Timings { get; private set; }

    /// <summary>Starts the handshake thread; returns <see cref="Handshake"/>.</summary>
    public Task<DtlsHandshakeResult> Start()
    {
        if (Interlocked.CompareExchange(ref _state, (int)DtlsTransportState.Connecting, (int)DtlsTransportState.New)
            != (int)DtlsTransportState.New)
        {
            throw new InvalidOperationException("The DTLS transport was already started.");
        }
        var thread = new Thread(Run) { IsBackground = true, Name = $"dtls-{Role.ToString().ToLowerInvariant()}" };
        thread.Start();
        return Handshake;
    }

    /// <summary>Feeds one received DTLS datagram. Never blocks; drops when the queue is full.</summary>
    public void OnDatagram(ReadOnlySpan<byte> datagram) => _queue.Enqueue(datagram);

    /// <summary>Sends application data as one record. Returns false when not connected (datagram semantics).</summary>
    public bool Send(ReadOnlySpan<byte> data)
    {
        BcDtlsTransport? session = _session;
        if (session is null || State != DtlsTransportState.Connected) return false;
        // Too big for one record: drop it like an oversized datagram rather than let BouncyCastle fail the association.
        if (data.Length > session.GetSendLimit()) return false;
        try
        {
            lock (_sendLock) session.Send(data);
            return true;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            Fail();
            return false;
        }
    }

    /// <summary>Sends close_notify (RFC 5246 §7.2.1) when connected, and stops the transport.</summary>
    public void Close()
    {
        int previous = Interlocked.Exchange(ref _state, (int)DtlsTransportState.Closed);
        if (previous == (int)DtlsTransportState.Failed) Volatile.Write(ref _state, (int)DtlsTransportState.Failed);
        if (previous == (int)DtlsTransportState.Connected)
        {
            try
            {
                lock (_sendLock) _session!.Close();
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                // Best effort: the peer will time out instead.
                Report("close_notify not sent", e);
            }
        }
        _queue.Close();
        _handshake.TrySetException(new DtlsHandshakeException("The DTLS transport was closed before the handshake completed."));
        RaiseClosed();
    }

    public void Dispose() => Close();

    private void Run()
    {
        _queue.Clock.Started();
        var crypto = new BcTlsCrypto(new SecureRandom());
        var events = new DtlsPeerEvents(OnHandshakeComplete, OnAlertReceived);
        try
        {
            _session = Role == DtlsRole.Client
                ? new DtlsClientProtocol().Connect(
                    new DtlsSrtpClient(crypto, _certificate, _expectedRemote, _options, events), _queue)
                // No HelloVerifyRequest: ICE connectivity checks already proved the peer owns its
                // address (RFC 5764 §4.1 allows omitting the cookie exchange), and it saves a round trip.
                : new DtlsServerProtocol { VerifyRequests = false }.Accept(
                    new DtlsSrtpServer(crypto, _certificate, _expectedRemote, _options, events), _queue);
        }
        catch (Exception e)
        {
            FailHandshake(e);
            return;
        }

        if (Interlocked.CompareExchange(ref _state, (int)DtlsTransportState.Connected, (int)DtlsTransportState.Connecting)
            != (int)DtlsTransportState.Connecting)
        {
            _session.Close();
            return;
        }
        Timings = _queue.Clock.Complete();
        _handshake.TrySetResult(_result!);
        ReceiveLoop(_session);
    }

    private void ReceiveLoop(BcDtlsTransport session)
    {
        try
        {
            ReceiveRecords(session);
        }
        finally
        {
            RaiseIdle();
        }
    }

    private void ReceiveRecords(BcDtlsTransport session)
    {
        var buffer = new byte[Math.Max(session.GetReceiveLimit(), 1)];
        bool pending = false;
        while (State == DtlsTransportState.Connected)
        {
            int received;
            try
            {
                // BouncyCastle runs only under the send lock. A record it takes may make it resend its last handshake
                // flight (the peer repeated its own: its timer fired before our Finished arrived), and its record layer
                // picks the content type of what it sends from the write epoch that resend switches: application data
                // sent meanwhile from another thread (SCTP) went out as a handshake record, even in plaintext, and
                // Chromium ended the association with a fatal decode_error. So the wait for a datagram is ours, outside
                // the lock; then BouncyCastle takes it (and whatever records it left from an earlier one) under it.
                if (pending)
                {
                    lock (_sendLock) received = session.ReceivePending(buffer, 0, buffer.Length);
                    pending = received >= 0;
                    if (!pending) continue;
                }
                else
                {
                    if (!_queue.WaitForDatagram(1000)) continue;
                    // 1 ms, not 0 (BouncyCastle waits for ever on 0): the datagram is there, so this returns at once
                    // unless the datagram held no application data.
                    lock (_sendLock) received = session.Receive(buffer, 0, buffer.Length, 1);
                    pending = true; // records of this datagram may be left (after its application data, or its 1 ms)
                }
            }
            catch (Exception e)
            {
                // A fatal alert, a closed queue, or corrupt state: the association is over. Our own close ends it
                // quietly; anything else is reported.
                if (State == DtlsTransportState.Connected) Report("association failed", e);
                Fail();
                return;
            }
            if (received <= 0) continue;
            try
            {
                DataReceived?.Invoke(buffer.AsMemory(0, received));
            }
            catch (Exception e)
            {
                // A faulty consumer must not kill the DTLS thread; SCTP handles its own errors.
                Report("data consumer threw", e);
            }
            if (_queue.IsEmpty) RaiseIdle();
        }
    }

    private void RaiseIdle()
    {
        try
        {
            ReceiveIdle?.Invoke();
        }
        catch (Exception e)
        {
            Report("idle handler threw", e);
        }
    }

    private void Report(string what, Exception e)
    {
        try
        {
            _options.Faulted?.Invoke($"dtls {what}", e);
        }
        catch (Exception)
        {
            // The reporter failed too; nothing more to do on this thread.
        }
    }

    private void OnHandshakeComplete(DtlsSrtpProfile profile, byte[] keyingMaterial) =>
        _result = new DtlsHandshakeResult(profile, keyingMaterial, Role == DtlsRole.Client, _expectedRemote);

    private void OnAlertReceived(short level, short description)
    {
        if (description == AlertDescription.close_notify || level == AlertLevel.fatal)
        {
            Interlocked.Exchange(ref _state, (int)DtlsTransportState.Closed);
            _queue.Close();
            RaiseClosed();
        }
    }

    private void FailHandshake(Exception e)
    {
        // A local Close() during the handshake stays "Closed"; anything else is a failure.
        if (State != DtlsTransportState.Closed || e is TlsFatalAlert or TlsFatalAlertReceived)
            Interlocked.Exchange(ref _state, (int)DtlsTransportState.Failed);
        _queue.Close();
        string reason = e is TlsFatalAlert alert ? alert.Message : e.Message;
        _handshake.TrySetException(new DtlsHandshakeException($"DTLS handshake failed ({Role}): {reason}", e));
        RaiseClosed();
    }

    private void Fail()
    {
        int previous = Interlocked.CompareExchange(ref _state, (int)DtlsTransportState.Failed, (int)DtlsTransportState.Connected);
        _queue.Close();
        if (previous == (int)DtlsTransportState.Connected || previous == (int)DtlsTransportState.Closed) RaiseClosed();
    }

    private void RaiseClosed()
    {
        if (Interlocked.Exchange(ref _closedRaised, 1) == 0) Closed?.Invoke();
    }
}

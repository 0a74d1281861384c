using System.Buffers;
using System.Security.Cryptography;

namespace Conference.Media.Sctp;

/// <summary>
/// One SCTP association as WebRTC data channels use it (RFC 8831): over DTLS, so no multihoming,
/// no checksum offload, one path. Packets come in through <see cref="OnPacket"/> and go out through
/// the send callback; timers run on the injected <see cref="TimeProvider"/>.
/// All state is guarded by one lock; packets and events are emitted after the lock is released so
/// a synchronous transport or an event handler can safely call back in. The send callback sees a pooled buffer that
/// is reused once it returns: send or copy it there.
/// </summary>
public sealed partial class SctpAssociation : IDisposable
{
    private readonly SctpAssociationOptions _options;
    private readonly TimeProvider _time;
    private readonly Action<ReadOnlyMemory<byte>> _sendPacket;
    private readonly Lock _lock = new();
    private readonly byte[] _cookieSecret = RandomNumberGenerator.GetBytes(32);
    // Packets (pooled buffers) and events produced under the lock, sent and raised after it is released. The lists are
    // swapped out whole and their spares reused, so emitting costs no allocation of ours per packet or message.
    private List<SctpOutgoingPacket> _outbox = [];
    private List<SctpPendingEvent> _events = [];
    private List<SctpOutgoingPacket>? _spareOutbox;
    private List<SctpPendingEvent>? _spareEvents;
    private readonly SctpTimer _t1;
    private int _t1Count;
    private byte[]? _cookieToEcho;
    private SctpAssociationState _state = SctpAssociationState.Idle;
    private uint _peerTag;
    private bool _peerSupportsForwardTsn;

    public SctpAssociation(Action<ReadOnlyMemory<byte>> sendPacket, SctpAssociationOptions? options = null, TimeProvider? time = null)
    {
        _sendPacket = sendPacket;
        _options = options ?? new SctpAssociationOptions();
        _time = time ?? TimeProvider.System;
        // One tag and initial TSN for both our INIT and any INIT ACK we send, which is what makes
        // simultaneous INITs converge on one association (RFC 9260 §5.2.1).
        LocalTag = RandomNonZero();
        _initialTsn = RandomNonZero();
        _nextTsn = _initialTsn;
        _reconfigRequestSequence = _initialTsn;
        _rto = _options.RtoInitial;
        _cwnd = InitialCwnd;
        _t1 = new SctpTimer(_time, Run, OnT1Expired);
        _t3 = new SctpTimer(_time, Run, OnT3Expired);
        _t2 = new SctpTimer(_time, Run, OnT2Expired);
        _sackTimer = new SctpTimer(_time, Run, SendSack);
        _reconfigTimer = new SctpTimer(_time, Run, OnReconfigTimerExpired);
        _reassembly = new SctpReassembly(_options.MaxMessageSize);
    }

    public uint LocalTag { get; }

    public SctpAssociationState State { get { lock (_lock) return _state; } }

    /// <summary>The largest message <see cref="TrySend"/> accepts.</summary>
    public int MaxSendMessageSize => _options.MaxSendMessageSize ?? _options.MaxMessageSize;

    /// <summary>Raised once the association is established.</summary>
    public event Action? Established;

    /// <summary>A complete message arrived.</summary>
    public event Action<SctpMessage>? MessageReceived;

    /// <summary>The peer reset these incoming streams (RFC 6525): data channels on them are closing.</summary>
    public event Action<ushort[]>? IncomingStreamsReset;

    /// <summary>Our outgoing reset of these streams was performed by the peer.</summary>
    public event Action<ushort[]>? OutgoingStreamsReset;

    /// <summary>The association ended; the argument is null after a graceful SHUTDOWN, otherwise the reason.</summary>
    public event Action<string?>? Closed;

    /// <summary>Sends INIT (RFC 9260 §5.1). Both WebRTC peers may do this; see <see cref="OnInit"/>.</summary>
    public void Connect() => Run(() =>
    {
        if (_state != SctpAssociationState.Idle) return;
        _state = SctpAssociationState.CookieWait;
        _t1Count = 0;
        SendInit();
    });

    /// <summary>Handles one received SCTP packet (from DTLS application data). Garbage is dropped.</summary>
    public void OnPacket(ReadOnlySpan<byte> packet)
    {
        if (!SctpPacket.TryParse(packet, out SctpPacket? parsed)) return;
        List<SctpOutgoingPacket>? packets;
        List<SctpPendingEvent>? events;
        lock (_lock)
        {
            Handle(parsed!);
            TakePending(out packets, out events);
        }
        SendAndRaise(packets, events);
    }

    /// <summary>Sends ABORT (RFC 9260 §9.1) and closes immediately.</summary>
    public void Abort(string reason = "aborted") => Run(() =>
    {
        if (_state is SctpAssociationState.Closed or SctpAssociationState.Idle) return;
        Emit(_peerTag, SctpRawChunk.Abort(12, System.Text.Encoding.UTF8.GetBytes(reason))); // 12: User-Initiated Abort
        Terminate(reason);
    });

    public void Dispose()
    {
        Abort("disposed");
        _t1.Dispose();
        _t2.Dispose();
        _t3.Dispose();
        _sackTimer.Dispose();
        _reconfigTimer.Dispose();
    }

    private void Handle(SctpPacket packet)
    {
        if (_state == SctpAssociationState.Closed) return;
        SctpChunk first = packet.Chunks[0];
        if (first is SctpInitChunk { IsAck: false } init)
        {
            // RFC 9260 §8.5.1: INIT travels with tag 0 and alone.
            if (packet.VerificationTag == 0 && packet.Chunks.Count == 1) OnInit(init);
            return;
        }
        if (!VerificationTagAccepted(packet, first)) return;

        bool receivedData = false;
        IReadOnlyList<SctpChunk> chunks = packet.Chunks;
        for (int i = 0; i < chunks.Count; i++)
        {
            SctpChunk chunk = chunks[i];
            if (_state == SctpAssociationState.Closed) return;
            switch (chunk)
            {
                case SctpInitChunk { IsAck: true } initAck: OnInitAck(initAck); break;
                case SctpCookieEchoChunk echo: OnCookieEcho(echo); break;
                case SctpEmptyChunk { ChunkType: SctpChunkType.CookieAck }: OnCookieAck(); break;
                case SctpDataChunk data: receivedData |= OnData(data); break;
                case SctpSackChunk sack: OnSack(sack); break;
                case SctpForwardTsnChunk forward: OnForwardTsn(forward); break;
                case SctpReconfigChunk reconfig: OnReconfig(reconfig); break;
                case SctpShutdownChunk shutdown: OnShutdown(shutdown); break;
                case SctpEmptyChunk { ChunkType: SctpChunkType.ShutdownAck }: OnShutdownAck(); break;
                case SctpEmptyChunk { ChunkType: SctpChunkType.ShutdownComplete }: OnShutdownComplete(); break;
                case SctpRawChunk { ChunkType: SctpChunkType.Heartbeat } heartbeat:
                    // RFC 9260 §8.3: echo the Heartbeat Info unchanged.
                    Emit(_peerTag, heartbeat with { ChunkType = SctpChunkType.HeartbeatAck, ChunkFlags = 0 });
                    break;
                case SctpRawChunk { ChunkType: SctpChunkType.Abort }:
                    Terminate("aborted by peer");
                    return;
                case SctpRawChunk unknown when unknown.ChunkType is not (SctpChunkType.HeartbeatAck or SctpChunkType.Error):
                    // RFC 9260 §3.2: the two high bits of an unknown type say whether to skip or stop.
                    if ((unknown.ChunkType & 0x80) == 0) return;
                    break;
            }
        }
        if (receivedData) AfterDataReceived();
    }

    private bool VerificationTagAccepted(SctpPacket packet, SctpChunk first)
    {
        // RFC 9260 §8.5.1: ABORT and SHUTDOWN COMPLETE with the T bit carry the peer's tag.
        bool reflected = first is SctpRawChunk { ChunkType: SctpChunkType.Abort, ChunkFlags: var f } && (f & 1) != 0
                         || first is SctpEmptyChunk { ChunkType: SctpChunkType.ShutdownComplete, ChunkFlags: var g } && (g & 1) != 0;
        return reflected ? packet.VerificationTag == _peerTag && _peerTag != 0 : packet.VerificationTag == LocalTag;
    }

    /// <summary>Runs <paramref name="action"/> under the lock, then sends queued packets and raises queued events.</summary>
    private void Run(Action action)
    {
        List<SctpOutgoingPacket>? packets;
        List<SctpPendingEvent>? events;
        lock (_lock)
        {
            action();
            TakePending(out packets, out events);
        }
        SendAndRaise(packets, events);
    }

    /// <summary>Under the lock: takes what was emitted and raised so far, leaving empty lists behind.</summary>
    private void TakePending(out List<SctpOutgoingPacket>? packets, out List<SctpPendingEvent>? events)
    {
        packets = null;
        events = null;
        if (_outbox.Count > 0)
        {
            packets = _outbox;
            _outbox = Interlocked.Exchange(ref _spareOutbox, null) ?? [];
        }
        if (_events.Count > 0)
        {
            events = _events;
            _events = Interlocked.Exchange(ref _spareEvents, null) ?? [];
        }
    }

    /// <summary>Outside the lock: sends the packets in order (returning their buffers), then raises the events.</summary>
    private void SendAndRaise(List<SctpOutgoingPacket>? packets, List<SctpPendingEvent>? events)
    {
        if (packets is not null)
        {
            try
            {
                foreach (SctpOutgoingPacket packet in packets) _sendPacket(packet.Buffer.AsMemory(0, packet.Length));
            }
            finally
            {
                foreach (SctpOutgoingPacket packet in packets) ArrayPool<byte>.Shared.Return(packet.Buffer);
                packets.Clear();
                Interlocked.CompareExchange(ref _spareOutbox, packets, null);
            }
        }
        if (events is not null)
        {
            try
            {
                foreach (SctpPendingEvent pending in events)
                {
                    if (pending.Message is { } message) MessageReceived?.Invoke(message);
                    else pending.Action!();
                }
            }
            finally
            {
                events.Clear();
                Interlocked.CompareExchange(ref _spareEvents, events, null);
            }
        }
    }

    /// <summary>Serialises one packet into a pooled buffer, sent once the lock is released.</summary>
    private void Emit(uint verificationTag, params ReadOnlySpan<SctpChunk> chunks)
    {
        int length = SctpPacket.LengthOf(chunks);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(length);
        SctpPacket.Write(buffer, _options.LocalPort, _options.RemotePort, verificationTag, chunks);
        _outbox.Add(new SctpOutgoingPacket(buffer, length));
    }

    private void Raise(Action action) => _events.Add(new SctpPendingEvent(null, action));

    private void RaiseMessage(SctpMessage message) => _events.Add(new SctpPendingEvent(message, null));

    private void Terminate(string? reason)
    {
        if (_state == SctpAssociationState.Closed) return;
        _state = SctpAssociationState.Closed;
        _t1.Stop();
        _t2.Stop();
        _t3.Stop();
        _sackTimer.Stop();
        _reconfigTimer.Stop();
        Raise(() => Closed?.Invoke(reason));
    }

    private long NowMs => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private static uint RandomNonZero()
    {
        uint value;
        do value = (uint)RandomNumberGenerator.GetInt32(int.MinValue, int.MaxValue); while (value == 0);
        return value;
    }
}

/// <summary>A serialised packet waiting for the lock to be released; <see cref="Buffer"/> is rented from the shared pool.</summary>
internal readonly record struct SctpOutgoingPacket(byte[] Buffer, int Length);

/// <summary>A received message (no closure needed) or another event, raised once the lock is released.</summary>
internal readonly record struct SctpPendingEvent(SctpMessage? Message, Action? Action);

namespace Conference.Media.Sfu.Pacing;

/// <summary>
/// Spreads what the SFU sends one subscriber connection over time instead of in bursts (a keyframe is dozens of packets
/// that would otherwise leave back to back and overflow a slow link's queue): a leaky bucket at the subscriber's
/// estimate × <see cref="PacerOptions.PacingFactor"/>, never below <see cref="PacerOptions.OfferedRateFactor"/> × what
/// was offered over the last half second (the pacer smooths bursts; it is not a rate limiter: the estimate limits what is
/// forwarded by choosing layers), raised when needed so that nothing waits longer than <see cref="PacerOptions.QueueTimeLimit"/>. A packet goes straight out while the bucket has room and nothing is queued
/// ahead of it; otherwise it waits in a bounded queue drained by the loop's tick (<see cref="OnTick"/>) and by later sends.
/// <list type="bullet">
/// <item>audio is never held (its bytes still count), retransmissions go before queued video;</item>
/// <item>a retransmission that finds its queue full is dropped (the receiver asks again or asks for a keyframe);</item>
/// <item>a video packet that finds its queue full drops all queued video: the subscriber is told per stream where the
/// unsent numbers begin (<see cref="IPacedTransmitter.OnVideoDropped"/>) so the stream restarts there at a keyframe
/// (no gap for it to NACK, no frames it could not decode).</item>
/// </list>
/// Times are microseconds of one clock (the caller's). Loop only; no lock, no allocation per packet.
/// </summary>
public sealed class PacketPacer
{
    private const int MaxDroppedStreams = 16;
    private readonly IPacedTransmitter _transmitter;
    private readonly PacerTotals? _totals;
    private readonly PacedQueue _retransmissions, _video;
    private readonly PacketBufferPool _pool = new();
    private readonly long _tickUs, _queueLimitUs;
    private readonly uint[] _droppedSsrcs = new uint[MaxDroppedStreams];
    private readonly ushort[] _droppedFirst = new ushort[MaxDroppedStreams];
    private const long OfferedWindowUs = 500_000;
    private double _bytesPerUs, _rate, _offeredPerUs;
    private long _offeredBytes, _offeredSince = long.MinValue;
    private double _debt;
    private long _lastUs = long.MinValue;
    private long _longestWaitUs;
    private bool _closed;

    public PacketPacer(IPacedTransmitter transmitter, ulong initialEstimate, PacerOptions? options = null, PacerTotals? totals = null)
    {
        Options = options ?? new PacerOptions();
        _transmitter = transmitter;
        _totals = totals;
        _retransmissions = new PacedQueue(Options.RetransmissionCapacity);
        _video = new PacedQueue(Options.VideoCapacity);
        _tickUs = (long)(Options.TickInterval.TotalMilliseconds * 1000);
        _queueLimitUs = (long)(Options.QueueTimeLimit.TotalMilliseconds * 1000);
        SetEstimate(initialEstimate);
    }

    public PacerOptions Options { get; }

    /// <summary>The pacing rate, bit/s (before any raise to drain the queue in time).</summary>
    public double PacingBitrate => _bytesPerUs * 8e6;

    public int QueuedPackets => _retransmissions.Count + _video.Count;

    /// <summary>Queue buffers the pacer holds free for the next burst (tests).</summary>
    internal int FreeBuffers => _pool.FreeCount;
    public long QueuedBytes => _retransmissions.Bytes + _video.Bytes;
    public bool HasQueued => QueuedPackets > 0;

    /// <summary>Packets that waited before they went out, dropped video and retransmissions, video queue drops (tests, metrics).</summary>
    public long DelayedPackets { get; private set; }
    public long DroppedVideo { get; private set; }
    public long DroppedRetransmissions { get; private set; }
    public long VideoFlushes { get; private set; }

    /// <summary>The longest a packet sent since the last look waited, µs; reading it starts a new look (metrics, tests).</summary>
    public long TakeLongestWait()
    {
        long longest = _longestWaitUs;
        _longestWaitUs = 0;
        return longest;
    }

    /// <summary>The subscriber's bandwidth estimate changed (bit/s).</summary>
    public void SetEstimate(ulong bitsPerSecond) => _bytesPerUs = Math.Max(1, bitsPerSecond) * Options.PacingFactor / 8e6;

    /// <summary>
    /// Sends <paramref name="packet"/> now or queues a copy. True when it went out or waits; false when the connection
    /// refused it or it was dropped.
    /// </summary>
    public bool Send(ReadOnlySpan<byte> packet, PacketPriority priority, long nowUs)
    {
        if (_closed) return false;
        if (!Options.Enabled) return _transmitter.Transmit(packet, priority, nowUs);
        _offeredBytes += packet.Length;
        Drain(nowUs);
        switch (priority)
        {
            case PacketPriority.Audio:
                return Transmit(packet, priority, nowUs);
            case PacketPriority.Retransmission:
                if (_retransmissions.Count == 0 && HasRoom()) return Transmit(packet, priority, nowUs);
                if (_retransmissions.IsFull || packet.Length > PacketBufferPool.BufferSize)
                {
                    DroppedRetransmissions++;
                    _totals?.DroppedRetransmission();
                    return false;
                }
                Enqueue(_retransmissions, packet, nowUs);
                return true;
            default:
                if (!HasQueued && HasRoom()) return Transmit(packet, priority, nowUs);
                if (packet.Length > PacketBufferPool.BufferSize) return false;
                if (_video.IsFull)
                {
                    FlushVideo(packet);
                    return false;
                }
                Enqueue(_video, packet, nowUs);
                return true;
        }
    }

    /// <summary>The loop's tick: sends what the budget allows now; true while packets are still queued.</summary>
    public bool OnTick(long nowUs)
    {
        if (_closed) return false;
        Drain(nowUs);
        if (!HasQueued) _pool.Trim(nowUs);
        return HasQueued;
    }

    /// <summary>The connection is gone: queued packets are released (not sent) and nothing is accepted any more.</summary>
    public void Close()
    {
        _closed = true;
        while (_retransmissions.Count > 0) Release(_retransmissions, sent: false);
        while (_video.Count > 0) Release(_video, sent: false);
        _pool.Clear();
    }

    /// <summary>The bucket may take another packet: what was sent beyond the rate is less than one tick's worth.</summary>
    private bool HasRoom() => _debt < Math.Max(Options.MinBurstBytes, _rate * _tickUs);

    private void Drain(long nowUs)
    {
        if (_offeredSince == long.MinValue) _offeredSince = nowUs;
        else if (nowUs - _offeredSince >= OfferedWindowUs)
        {
            _offeredPerUs = (double)_offeredBytes / (nowUs - _offeredSince);
            _offeredBytes = 0;
            _offeredSince = nowUs;
        }
        // Never the bottleneck itself: at least a share above what is offered on average (many non-simulcast tracks, a
        // subscriber without any feedback), so only bursts wait.
        _rate = Math.Max(_bytesPerUs, Options.OfferedRateFactor * _offeredPerUs);
        if (HasQueued)
        {
            // Raised so that what is queued is out before its oldest packet has waited the limit (the last tick takes the rest).
            long oldest = _retransmissions.Count == 0 ? _video.Head.EnqueuedUs
                : _video.Count == 0 ? _retransmissions.Head.EnqueuedUs : Math.Min(_video.Head.EnqueuedUs, _retransmissions.Head.EnqueuedUs);
            long remaining = Math.Max(_tickUs, _queueLimitUs - (nowUs - oldest));
            _rate = Math.Max(_rate, (double)QueuedBytes / remaining);
        }
        if (_lastUs != long.MinValue && nowUs > _lastUs) _debt = Math.Max(0, _debt - _rate * (nowUs - _lastUs));
        _lastUs = nowUs;
        while (HasQueued && HasRoom())
        {
            var queue = _retransmissions.Count > 0 ? _retransmissions : _video;
            ref var slot = ref queue.Head;
            var priority = queue == _video ? PacketPriority.Video : PacketPriority.Retransmission;
            long waited = nowUs - slot.EnqueuedUs;
            if (waited > _longestWaitUs) _longestWaitUs = waited;
            Transmit(slot.Buffer.AsSpan(0, slot.Length), priority, nowUs);
            DelayedPackets++;
            Release(queue, sent: true);
        }
    }

    private bool Transmit(ReadOnlySpan<byte> packet, PacketPriority priority, long nowUs)
    {
        // Audio may run up a debt (it is never held), but not without bound: the queue limit's worth at most.
        _debt = Math.Min(_debt + packet.Length + Options.PerPacketOverhead, Math.Max(Options.MinBurstBytes, _bytesPerUs * _queueLimitUs));
        return _transmitter.Transmit(packet, priority, nowUs);
    }

    private void Enqueue(PacedQueue queue, ReadOnlySpan<byte> packet, long nowUs)
    {
        queue.Enqueue(packet, nowUs, _pool);
        _totals?.Queued(packet.Length);
    }

    private void Release(PacedQueue queue, bool sent)
    {
        byte[] buffer = queue.Dequeue(out int length, out _);
        _pool.Return(buffer);
        _totals?.Dequeued(length, sent);
    }

    /// <summary>
    /// The video queue is full: the link has not taken what was sent for a long while. All queued video and the packet
    /// that did not fit are dropped; each stream hit is told where its unsent numbers begin.
    /// </summary>
    private void FlushVideo(ReadOnlySpan<byte> arriving)
    {
        int streams = 0;
        while (_video.Count > 0)
        {
            NoteDropped(PacedQueue.Ssrc(_video.Head), PacedQueue.Sequence(_video.Head), ref streams);
            Release(_video, sent: false);
            DroppedVideo++;
            _totals?.DroppedVideoPacket();
        }
        if (arriving.Length >= 12)
        {
            NoteDropped(System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(arriving[8..]),
                System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(arriving[2..]), ref streams);
        }
        DroppedVideo++;
        _totals?.DroppedVideoPacket();
        VideoFlushes++;
        _totals?.VideoFlushed();
        for (int i = 0; i < streams; i++) _transmitter.OnVideoDropped(_droppedSsrcs[i], _droppedFirst[i]);
    }

    /// <summary>Remembers the first (oldest) dropped number of each stream, in queue order.</summary>
    private void NoteDropped(uint ssrc, ushort sequence, ref int streams)
    {
        for (int i = 0; i < streams; i++)
        {
            if (_droppedSsrcs[i] == ssrc) return;
        }
        if (streams == MaxDroppedStreams) return;
        _droppedSsrcs[streams] = ssrc;
        _droppedFirst[streams++] = sequence;
    }
}

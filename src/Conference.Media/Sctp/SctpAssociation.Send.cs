using System.Runtime.InteropServices;

namespace Conference.Media.Sctp;

// Sending: fragmentation, congestion/flow control (RFC 9260 §6.1, §7), retransmission (§6.3),
// and PR-SCTP abandonment with FORWARD TSN (RFC 3758 §3.5).
public sealed partial class SctpAssociation
{
    private readonly uint _initialTsn;
    private uint _nextTsn;
    private uint _lastCumAck;
    private uint _peerRwnd;
    private long _cwnd;
    private long _ssthresh = long.MaxValue;
    private long _partialBytesAcked;
    private bool _inFastRecovery;
    private uint _fastRecoveryExit;
    private TimeSpan _rto;
    private double? _srttMs;
    private double _rttVarMs;
    private int _t3Count;
    private uint _forwardTsnAnnounced;
    private bool _fastRetransmitPending;
    private readonly SctpTimer _t3;
    private readonly Dictionary<ushort, ushort> _outboundSsn = new();
    private readonly Dictionary<ushort, long> _bufferedPerStream = new();
    private readonly Queue<SctpOutboundChunk> _unsent = new();
    // Sent chunks not yet covered by the peer's cumulative ack, in TSN order. TSNs are contiguous
    // from _lastCumAck + 1 because abandoned chunks stay here until FORWARD TSN is acknowledged.
    private readonly List<SctpOutboundChunk> _inflight = [];
    private readonly List<SctpChunk> _packetChunks = []; // the packet TrySendData is filling (under the lock)
    private bool _flushDeferred; // registered with a thread's SctpSendBatch, which sends our queue when it ends

    private int Mtu => _options.MaxPacketSize;
    // Rounded down to a multiple of 4: chunks are padded to 4 bytes (RFC 9260 §3.2), and a padded fragment must
    // still fit MaxPacketSize, which over DTLS (1163 with AES-GCM) is not a multiple of 4.
    private int MaxChunkPayload => (Mtu - SctpPacket.HeaderLength - SctpPacket.ChunkHeaderLength - SctpDataChunk.HeaderLength) & ~3;

    // RFC 9260 §7.2.1: initial cwnd = min(4 * MTU, max(2 * MTU, 4380)).
    private long InitialCwnd => Math.Min(4L * _options.MaxPacketSize, Math.Max(2L * _options.MaxPacketSize, 4380));

    /// <summary>Bytes queued or in flight, not yet acknowledged or abandoned, on all streams.</summary>
    public long BufferedAmount
    {
        get { lock (_lock) return _bufferedPerStream.Values.Sum(); }
    }

    /// <summary>Like RTCDataChannel.bufferedAmount: bytes of one stream not yet acknowledged or abandoned.</summary>
    public long GetBufferedAmount(ushort streamId)
    {
        lock (_lock) return _bufferedPerStream.GetValueOrDefault(streamId);
    }

    private void Settle(SctpOutboundChunk chunk)
    {
        if (chunk.Settled) return;
        chunk.Settled = true;
        ushort stream = chunk.Data.StreamId;
        long left = _bufferedPerStream[stream] - chunk.Length;
        if (left == 0) _bufferedPerStream.Remove(stream);
        else _bufferedPerStream[stream] = left;
    }

    /// <summary>
    /// Queues a message. False when it is empty, larger than <see cref="MaxSendMessageSize"/>, or the
    /// association is shutting down or closed. Messages queued before establishment go out once it is.
    /// </summary>
    public bool TrySend(ushort streamId, uint ppid, ReadOnlySpan<byte> payload, SctpSendOptions? options = null) =>
        !payload.IsEmpty && payload.Length <= MaxSendMessageSize && TrySendShared(streamId, ppid, payload.ToArray(), options);

    /// <summary>
    /// <see cref="TrySend"/> without the copy: the queued chunks reference <paramref name="payload"/>, so the caller must
    /// never modify it afterwards. One received message relayed to many peers is queued once per peer this way.
    /// </summary>
    internal bool TrySendShared(ushort streamId, uint ppid, byte[] payload, SctpSendOptions? options = null)
    {
        if (payload.Length == 0 || payload.Length > MaxSendMessageSize) return false;
        options ??= SctpSendOptions.Reliable;
        SctpSendBatch? batch = SctpSendBatch.Current;
        bool defer = false;
        List<SctpOutgoingPacket>? packets;
        List<SctpPendingEvent>? events;
        lock (_lock)
        {
            if (_state is not (SctpAssociationState.Idle or SctpAssociationState.CookieWait or
                SctpAssociationState.CookieEchoed or SctpAssociationState.Established)) return false;
            Enqueue(streamId, ppid, payload, options);
            if (_state == SctpAssociationState.Established)
            {
                // In a batch (SctpSendBatch): send with what else this thread queues here before the batch ends.
                if (batch is null) TrySendData();
                else if (!_flushDeferred) defer = _flushDeferred = true;
            }
            TakePending(out packets, out events);
        }
        if (defer) batch!.Defer(this);
        SendAndRaise(packets, events);
        return true;
    }

    /// <summary>The end of a <see cref="SctpSendBatch"/> this association deferred its sending to.</summary>
    internal void FlushDeferred()
    {
        List<SctpOutgoingPacket>? packets;
        List<SctpPendingEvent>? events;
        lock (_lock)
        {
            _flushDeferred = false;
            TrySendData(); // sends only in states that may (CanSendData)
            TakePending(out packets, out events);
        }
        SendAndRaise(packets, events);
    }

    private void Enqueue(ushort streamId, uint ppid, byte[] payload, SctpSendOptions options)
    {
        ushort ssn = 0;
        if (options.Ordered)
        {
            _outboundSsn.TryGetValue(streamId, out ssn);
            _outboundSsn[streamId] = (ushort)(ssn + 1);
        }
        _bufferedPerStream[streamId] = _bufferedPerStream.GetValueOrDefault(streamId) + payload.Length;
        long? expires = options.MaxLifetime is { } lifetime ? NowMs + (long)lifetime.TotalMilliseconds : null;
        var message = new SctpOutboundMessage(options, expires);
        int chunkSize = MaxChunkPayload;
        for (int offset = 0; offset < payload.Length; offset += chunkSize)
        {
            int length = Math.Min(chunkSize, payload.Length - offset);
            var data = new SctpDataChunk(_nextTsn++, streamId, ssn, ppid, payload.AsMemory(offset, length),
                Unordered: !options.Ordered, Beginning: offset == 0, Ending: offset + length == payload.Length);
            var chunk = new SctpOutboundChunk(data, message);
            message.Add(chunk);
            _unsent.Enqueue(chunk);
        }
    }

    private bool CanSendData => _state is SctpAssociationState.Established or SctpAssociationState.ShutdownPending
        or SctpAssociationState.ShutdownReceived;

    private long FlightSize()
    {
        long size = 0;
        foreach (SctpOutboundChunk c in _inflight) if (c.InFlight) size += c.Length;
        return size;
    }

    /// <summary>Sends retransmissions first, then new data, as far as cwnd and the peer's window allow.</summary>
    private void TrySendData()
    {
        if (!CanSendData) return;
        List<SctpChunk> packet = _packetChunks;
        int size = SctpPacket.HeaderLength;
        long flight = FlightSize();
        long now = NowMs;

        void Add(SctpOutboundChunk chunk)
        {
            int length = SctpPacket.PaddedChunkLength(chunk.Data);
            if (size + length > Mtu) FlushPacket(packet, ref size);
            packet.Add(chunk.Data);
            size += length;
            chunk.SendCount++;
            chunk.LastSentAtMs = now;
            chunk.NeedsRetransmit = false;
            chunk.MissIndications = 0;
            flight += chunk.Length;
        }

        // RFC 9260 §7.2.4 step 3: the first packet of fast retransmissions goes out regardless of cwnd.
        int cwndExempt = _fastRetransmitPending ? Mtu - SctpPacket.HeaderLength : 0;
        _fastRetransmitPending = false;
        foreach (SctpOutboundChunk chunk in _inflight)
        {
            if (!chunk.NeedsRetransmit) continue;
            if (chunk.Abandoned || chunk.GapAcked) { chunk.NeedsRetransmit = false; continue; }
            int padded = SctpPacket.PaddedChunkLength(chunk.Data);
            if (padded <= cwndExempt) cwndExempt -= padded;
            else if (flight > 0 && flight + chunk.Length > _cwnd) break;
            Add(chunk);
        }

        while (_unsent.TryPeek(out SctpOutboundChunk? next))
        {
            // Abandoning needs FORWARD TSN to skip the TSN; without it the message stays reliable.
            if (_peerSupportsForwardTsn && (next.Message.Abandoned || IsExpired(next.Message, now)))
            {
                // Never sent, but it holds a TSN: it joins the in-flight list abandoned, and FORWARD TSN skips it.
                Abandon(next.Message);
                _unsent.Dequeue();
                next.Abandoned = true;
                Settle(next);
                _inflight.Add(next);
                continue;
            }
            if (flight > 0 && (flight + next.Length > _cwnd || flight + next.Length > _peerRwnd)) break;
            _unsent.Dequeue();
            _inflight.Add(next);
            Add(next);
        }
        FlushPacket(packet, ref size);
        if (_inflight.Count > 0) _t3.StartIfStopped(_rto);
        SendForwardTsnIfAdvanced();
    }

    private void FlushPacket(List<SctpChunk> packet, ref int size)
    {
        if (packet.Count == 0) return;
        Emit(_peerTag, CollectionsMarshal.AsSpan(packet));
        packet.Clear();
        size = SctpPacket.HeaderLength;
    }

    private static bool IsExpired(SctpOutboundMessage message, long now) => message.ExpiresAtMs is { } at && now >= at;

    private bool ShouldAbandon(SctpOutboundChunk chunk, long now) =>
        _peerSupportsForwardTsn &&
        (chunk.Message.Options.MaxRetransmits is { } max && chunk.SendCount - 1 >= max || IsExpired(chunk.Message, now));

    private void Abandon(SctpOutboundMessage message)
    {
        message.Abandoned = true;
        for (int i = 0; i < message.ChunkCount; i++)
        {
            SctpOutboundChunk chunk = message.ChunkAt(i);
            if (chunk.SendCount == 0) continue; // still in _unsent; abandoned when dequeued
            chunk.Abandoned = true;
            chunk.NeedsRetransmit = false;
            Settle(chunk);
        }
    }

    /// <summary>RFC 3758 §3.5 C1-C3: move the advanced peer ack point over abandoned chunks and announce it.</summary>
    private void SendForwardTsnIfAdvanced(bool repeat = false)
    {
        if (!_peerSupportsForwardTsn) return;
        uint point = _lastCumAck;
        Dictionary<ushort, ushort>? skipped = null; // only when something was abandoned (the send path calls this always)
        foreach (SctpOutboundChunk chunk in _inflight)
        {
            if (!chunk.Abandoned || chunk.Data.Tsn != point + 1) break;
            point = chunk.Data.Tsn;
            if (!chunk.Data.Unordered) (skipped ??= [])[chunk.Data.StreamId] = chunk.Data.Ssn;
        }
        if (point == _lastCumAck || point == _forwardTsnAnnounced && !repeat) return;
        _forwardTsnAnnounced = point;
        Emit(_peerTag, new SctpForwardTsnChunk(point, skipped is null ? [] : [.. skipped.Select(s => new SctpSkippedStream(s.Key, s.Value))]));
        _t3.StartIfStopped(_rto);
    }

    /// <summary>RFC 9260 §6.3.3: back off, collapse cwnd, and retransmit (or abandon) everything outstanding.</summary>
    private void OnT3Expired()
    {
        if (!CanSendData && _state != SctpAssociationState.ShutdownSent || _inflight.Count == 0) return;
        if (++_t3Count > _options.MaxAssociationRetransmits)
        {
            Emit(_peerTag, SctpRawChunk.Abort(12, "retransmission limit"u8));
            Terminate("peer unreachable: retransmission limit reached");
            return;
        }
        _rto = TimeSpan.FromMilliseconds(Math.Min(_rto.TotalMilliseconds * 2, _options.RtoMax.TotalMilliseconds));
        _ssthresh = Math.Max(_cwnd / 2, 4L * Mtu);
        _cwnd = Mtu;
        _partialBytesAcked = 0;
        _inFastRecovery = false;
        long now = NowMs;
        foreach (SctpOutboundChunk chunk in _inflight)
        {
            if (chunk.SendCount == 0 || chunk.GapAcked || chunk.Abandoned) continue;
            if (ShouldAbandon(chunk, now)) Abandon(chunk.Message);
            else chunk.NeedsRetransmit = true;
        }
        _t3.Start(_rto);
        TrySendData();
        SendForwardTsnIfAdvanced(repeat: true); // the last FORWARD TSN may have been lost
    }

    /// <summary>RFC 9260 §6.3.1: SRTT/RTTVAR from one measurement, RTO clamped to [min, max].</summary>
    private void UpdateRto(double rttMs)
    {
        if (_srttMs is not { } srtt)
        {
            _srttMs = rttMs;
            _rttVarMs = rttMs / 2;
        }
        else
        {
            _rttVarMs = 0.75 * _rttVarMs + 0.25 * Math.Abs(srtt - rttMs);
            _srttMs = 0.875 * srtt + 0.125 * rttMs;
        }
        double rto = _srttMs.Value + 4 * _rttVarMs;
        rto = Math.Clamp(rto, _options.RtoMin.TotalMilliseconds, _options.RtoMax.TotalMilliseconds);
        _rto = TimeSpan.FromMilliseconds(rto);
    }
}

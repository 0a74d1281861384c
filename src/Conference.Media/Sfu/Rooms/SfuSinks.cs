using Conference.Media.Peer;
using Conference.Media.Rtp;
using Conference.Media.Sfu.Congestion;
using Conference.Media.Sfu.Pacing;

namespace Conference.Media.Sfu.Rooms;

/// <summary>A publisher's connection as the fan-out sees it: what it sends there are keyframe requests (PLI/FIR).</summary>
internal sealed class PublisherSink(WebRtcPeer peer, SfuCounters counters) : IMediaSink
{
    public bool SendRtp(ReadOnlySpan<byte> packet) => peer.SendRtp(packet);

    public bool SendRtcp(ReadOnlySpan<byte> packet)
    {
        counters.KeyframeRequestSent();
        return peer.SendRtcp(packet);
    }
}

/// <summary>
/// A subscriber's connection: forwarded (and retransmitted) RTP, paced (<see cref="PacketPacer"/> at the subscriber's
/// estimate × 2.5, drained by the engine's tick), counted, and its bandwidth estimate. When the subscriber negotiated
/// transport-wide congestion control, every packet leaves with our transport-wide sequence number
/// (<see cref="TransportWideStamp"/>) stamped as it goes out, is remembered in <see cref="Congestion"/>, and probe padding
/// is paced out on the same tick. Loop only.
/// </summary>
internal sealed class SubscriberSink : IMediaSink, IPacedTransmitter, ILoopTicker
{
    /// <summary>What a packet costs on the wire beyond its RTP bytes: SRTP tag (10), UDP (8), IPv4 (20).</summary>
    internal const int WireOverhead = 38;
    private const int ProbePadding = 255;
    private readonly SfuCounters _counters;
    private readonly MediaEngine _engine;

    public SubscriberSink(WebRtcPeer peer, SfuCounters counters, BandwidthEstimator estimator)
    {
        Peer = peer;
        _counters = counters;
        _engine = peer.Engine;
        Estimator = estimator;
        Pacer = new PacketPacer(this, estimator.Estimate, _engine.Pacing ? null : PacerOptions.Off, counters.Pacing);
    }

    public WebRtcPeer Peer { get; }

    /// <summary>REMB + receiver-report loss: the estimate for a subscriber without transport-cc.</summary>
    public BandwidthEstimator Estimator { get; }

    /// <summary>The send-side estimate from the subscriber's transport-wide feedback.</summary>
    public TransportCcEstimator Congestion { get; } = new();

    /// <summary>Spreads this connection's packets at its estimate × 2.5; queued ones go out on the engine's tick.</summary>
    public PacketPacer Pacer { get; }

    /// <summary>The id the subscriber's answer gave the transport-wide sequence number extension; 0 when not negotiated.</summary>
    public int TransportCcExtensionId { get; set; }

    /// <summary>A video subscription with RTX whose stream carries probe padding; null when there is none.</summary>
    public NackResponder? ProbeStream { get; set; }

    /// <summary>Told (on the loop) when the pacer dropped queued video of one of this connection's streams.</summary>
    public Action<uint, ushort>? VideoDropped { get; set; }

    /// <summary>The estimate layers are chosen by: transport-cc's once its feedback arrives, else loss + REMB.</summary>
    public ulong Estimate => Congestion.FeedbackCount > 0 ? Congestion.Estimate : Estimator.Estimate;

    private long _clock; // loop only: 0 until the room has a publisher connection (see StartClock)
    private readonly byte[] _stamped = new byte[PacketCache.MaxPacketLength + TransportWideStamp.BlockLength + 16];
    private readonly byte[] _padding = new byte[12 + ProbePadding];
    private bool _forwardedOnce; // loop only
    private bool _ticking, _closed; // loop only
    private long _rateBytes, _rateSince = System.Diagnostics.Stopwatch.GetTimestamp(); // loop only

    internal static long NowMicroseconds() =>
        (long)(System.Diagnostics.Stopwatch.GetTimestamp() * (1_000_000.0 / System.Diagnostics.Stopwatch.Frequency));

    /// <summary>Unlabelled packets (tests, tools) are paced as video.</summary>
    public bool SendRtp(ReadOnlySpan<byte> packet) => SendRtp(packet, PacketPriority.Video);

    public bool SendRtp(ReadOnlySpan<byte> packet, PacketPriority priority)
    {
        bool accepted = Pacer.Send(packet, priority, NowMicroseconds());
        if (Pacer.HasQueued) EnsureTicking();
        return accepted;
    }

    public bool SendRtcp(ReadOnlySpan<byte> packet) => Peer.SendRtcp(packet);

    /// <summary>The pacer's way out: stamped, sent, counted.</summary>
    bool IPacedTransmitter.Transmit(ReadOnlySpan<byte> packet, PacketPriority priority, long nowMicroseconds)
    {
        if (!Send(packet, nowMicroseconds, probeCluster: 0)) return false;
        _counters.Forwarded(packet.Length);
        _rateBytes += packet.Length;
        if (!_forwardedOnce)
        {
            _forwardedOnce = true;
            if (_clock != 0) _counters.FirstForward("subscriber", System.Diagnostics.Stopwatch.GetElapsedTime(_clock));
            _counters.ConnectPhase("forward_wait", "subscriber", Math.Max(Peer.ConnectedTimestamp, _clock), System.Diagnostics.Stopwatch.GetTimestamp());
        }
        return true;
    }

    void IPacedTransmitter.OnVideoDropped(uint ssrc, ushort firstSequence) => VideoDropped?.Invoke(ssrc, firstSequence);

    /// <summary>The engine's tick: queued packets whose time came, probe padding due, one queue-delay sample.</summary>
    bool ILoopTicker.OnTick()
    {
        if (_closed)
        {
            _ticking = false;
            return false;
        }
        long now = NowMicroseconds();
        bool queued = Pacer.OnTick(now);
        long waited = Pacer.TakeLongestWait();
        if (waited > 0) _counters.Pacing.QueueDelay?.Record(waited / 1000.0);
        PaceProbe(now);
        _ticking = queued || Congestion.Probes.IsSending;
        return _ticking;
    }

    /// <summary>The connection is gone: the queue is released and the tick stops.</summary>
    public void Close()
    {
        _closed = true;
        Pacer.Close();
    }

    private void EnsureTicking()
    {
        if (_ticking || _closed) return;
        _ticking = true;
        _engine.StartTicking(this);
    }

    /// <summary>
    /// Connect time (<see cref="SfuCounters.TimeToFirstForward"/>) counts from the moment a forward became possible:
    /// this subscriber connection exists and the room has a publisher connection (whichever came last). Loop only;
    /// the first call wins.
    /// </summary>
    public void StartClock(long now)
    {
        if (_clock == 0 && !_forwardedOnce) _clock = now;
    }

    /// <summary>
    /// Sends the probe padding due by now at the cluster's rate: on the engine's tick (every 5 ms) while a cluster is
    /// being sent, so a 30 ms cluster goes out in about six even steps beside the paced media.
    /// </summary>
    public void PaceProbe(long now)
    {
        var probes = Congestion.Probes;
        if (!probes.IsSending) return;
        if (ProbeStream is not { } stream)
        {
            probes.Abandon(now);
            return;
        }
        long due = probes.BytesDue(now);
        for (int i = 0; due > 0 && probes.IsSending && i < 32; i++)
        {
            if (!stream.TryBuildPadding(_padding, ProbePadding, out int length))
            {
                probes.Abandon(now);
                return;
            }
            if (!Send(_padding.AsSpan(0, length), now, probes.ActiveCluster)) return;
            _counters.ProbePaddingSent(length);
            due -= length + TransportWideStamp.BlockLength + WireOverhead;
        }
        if (probes.IsSending) EnsureTicking();
    }

    private bool Send(ReadOnlySpan<byte> packet, long now, int probeCluster)
    {
        int id = TransportCcExtensionId;
        if (id == 0 || !RtpPacket.TryParse(packet, out var header) ||
            !TransportWideStamp.TryWrite(packet, header, _stamped, id, Congestion.Sent.NextSequenceNumber, out int written))
        {
            return Peer.SendRtp(packet);
        }
        if (!Peer.SendRtp(_stamped.AsSpan(0, written))) return false;
        Congestion.OnPacketSent(written + WireOverhead, now, probeCluster);
        return true;
    }

    /// <summary>Loop: tells the estimator what was sent since the last look, at most every half second.</summary>
    public void UpdateSendRate()
    {
        long now = System.Diagnostics.Stopwatch.GetTimestamp();
        long elapsed = now - _rateSince;
        if (elapsed < System.Diagnostics.Stopwatch.Frequency / 2) return;
        Estimator.OnSendRate((ulong)(_rateBytes * 8 * System.Diagnostics.Stopwatch.Frequency / elapsed));
        _rateBytes = 0;
        _rateSince = now;
    }

    /// <summary>Counts the feedback in a subscriber's RTCP compound (NACK, PLI, FIR, transport-cc) for the metrics.</summary>
    public void CountFeedback(ReadOnlySpan<byte> compound)
    {
        var reader = new RtcpCompoundReader(compound);
        while (reader.TryReadNext(out var view))
        {
            if (GenericNack.TryParse(view.Packet, out _)) _counters.NackReceived();
            else if (PictureLossIndication.TryParse(view.Packet, out _, out _) || FullIntraRequest.TryParse(view.Packet, out _))
                _counters.KeyframeRequestReceived();
        }
    }
}

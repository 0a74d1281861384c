using Conference.Media.Peer;
using Conference.Media.Rtp;
using Conference.Media.Sfu.Congestion;

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
/// A subscriber's connection: forwarded (and retransmitted) RTP, counted, and its bandwidth estimate. When the
/// subscriber negotiated transport-wide congestion control, every packet leaves with our transport-wide sequence
/// number (<see cref="TransportWideStamp"/>), is remembered in <see cref="Congestion"/>, and probe padding is paced out
/// between media packets. Loop only.
/// </summary>
internal sealed class SubscriberSink(WebRtcPeer peer, SfuCounters counters, BandwidthEstimator estimator) : IMediaSink
{
    /// <summary>What a packet costs on the wire beyond its RTP bytes: SRTP tag (10), UDP (8), IPv4 (20).</summary>
    internal const int WireOverhead = 38;
    private const int ProbePadding = 255;

    public WebRtcPeer Peer { get; } = peer;

    /// <summary>REMB + receiver-report loss: the estimate for a subscriber without transport-cc.</summary>
    public BandwidthEstimator Estimator { get; } = estimator;

    /// <summary>The send-side estimate from the subscriber's transport-wide feedback.</summary>
    public TransportCcEstimator Congestion { get; } = new();

    /// <summary>The id the subscriber's answer gave the transport-wide sequence number extension; 0 when not negotiated.</summary>
    public int TransportCcExtensionId { get; set; }

    /// <summary>A video subscription with RTX whose stream carries probe padding; null when there is none.</summary>
    public NackResponder? ProbeStream { get; set; }

    /// <summary>The estimate layers are chosen by: transport-cc's once its feedback arrives, else loss + REMB.</summary>
    public ulong Estimate => Congestion.FeedbackCount > 0 ? Congestion.Estimate : Estimator.Estimate;

    private long _clock; // loop only: 0 until the room has a publisher connection (see StartClock)
    private readonly byte[] _stamped = new byte[PacketCache.MaxPacketLength + TransportWideStamp.BlockLength + 16];
    private readonly byte[] _padding = new byte[12 + ProbePadding];
    private bool _forwardedOnce; // loop only
    private long _rateBytes, _rateSince = System.Diagnostics.Stopwatch.GetTimestamp(); // loop only

    internal static long NowMicroseconds() =>
        (long)(System.Diagnostics.Stopwatch.GetTimestamp() * (1_000_000.0 / System.Diagnostics.Stopwatch.Frequency));

    public bool SendRtp(ReadOnlySpan<byte> packet)
    {
        long now = NowMicroseconds();
        if (!Send(packet, now, probeCluster: 0)) return false;
        counters.Forwarded(packet.Length);
        _rateBytes += packet.Length;
        if (!_forwardedOnce)
        {
            _forwardedOnce = true;
            if (_clock != 0) counters.FirstForward("subscriber", System.Diagnostics.Stopwatch.GetElapsedTime(_clock));
            counters.ConnectPhase("forward_wait", "subscriber", Peer.ConnectedTimestamp, System.Diagnostics.Stopwatch.GetTimestamp());
        }
        PaceProbe(now);
        return true;
    }

    public bool SendRtcp(ReadOnlySpan<byte> packet) => Peer.SendRtcp(packet);

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
    /// Sends the probe padding due by now at the cluster's rate (called per packet sent and per RTCP received: the loop
    /// has no finer timer, so a cluster goes out in small bursts between media packets).
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
            counters.ProbePaddingSent(length);
            due -= length + TransportWideStamp.BlockLength + WireOverhead;
        }
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
            if (GenericNack.TryParse(view.Packet, out _)) counters.NackReceived();
            else if (PictureLossIndication.TryParse(view.Packet, out _, out _) || FullIntraRequest.TryParse(view.Packet, out _))
                counters.KeyframeRequestReceived();
        }
    }
}

using Conference.Media.Peer;
using Conference.Media.Rtp;

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

/// <summary>A subscriber's connection: forwarded (and retransmitted) RTP, counted, and its bandwidth estimate.</summary>
internal sealed class SubscriberSink(WebRtcPeer peer, SfuCounters counters, BandwidthEstimator estimator) : IMediaSink
{
    public WebRtcPeer Peer { get; } = peer;

    public BandwidthEstimator Estimator { get; } = estimator;

    private readonly long _createdAt = System.Diagnostics.Stopwatch.GetTimestamp();
    private bool _forwardedOnce; // loop only
    private long _rateBytes, _rateSince = System.Diagnostics.Stopwatch.GetTimestamp(); // loop only

    public bool SendRtp(ReadOnlySpan<byte> packet)
    {
        if (!Peer.SendRtp(packet)) return false;
        counters.Forwarded(packet.Length);
        _rateBytes += packet.Length;
        if (!_forwardedOnce)
        {
            _forwardedOnce = true;
            counters.FirstForward("subscriber", System.Diagnostics.Stopwatch.GetElapsedTime(_createdAt));
        }
        return true;
    }

    public bool SendRtcp(ReadOnlySpan<byte> packet) => Peer.SendRtcp(packet);

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

    /// <summary>Counts the feedback in a subscriber's RTCP compound (NACK, PLI, FIR) for the metrics.</summary>
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

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

    public bool SendRtp(ReadOnlySpan<byte> packet)
    {
        if (!Peer.SendRtp(packet)) return false;
        counters.Forwarded(packet.Length);
        if (!_forwardedOnce)
        {
            _forwardedOnce = true;
            counters.FirstForward("subscriber", System.Diagnostics.Stopwatch.GetElapsedTime(_createdAt));
        }
        return true;
    }

    public bool SendRtcp(ReadOnlySpan<byte> packet) => Peer.SendRtcp(packet);

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

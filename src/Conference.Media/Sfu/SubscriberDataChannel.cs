using Conference.Media.Sctp;

namespace Conference.Media.Sfu;

/// <summary>What happened to one message offered to a <see cref="SubscriberDataChannel"/>.</summary>
internal enum SubscriberSendResult
{
    Queued,
    Dropped,

    /// <summary>This message went over the bound of a reliable channel, which is now closing.</summary>
    ClosedOverBound,
}

/// <summary>
/// One channel the relay opened on a subscriber's connection (<c>reliable/&lt;sender&gt;</c> or <c>lossy/&lt;sender&gt;</c>)
/// and its back-pressure bound. There is no queue of our own: SCTP's send queue is it, and the channel's buffered
/// amount (queued plus unacknowledged bytes) is what is bounded. Sending never blocks: SCTP queues and transmits as
/// far as cwnd and the peer's window allow, on the calling thread.
/// </summary>
internal sealed class SubscriberDataChannel(DataChannel channel, bool lossy, long bufferLimit)
{
    private int _closedOverBound;

    public DataChannel Channel { get; } = channel;

    /// <summary>Closed (both stream directions reset, or the association gone): the next message opens a new channel.</summary>
    public bool IsFinished => Channel.State == DataChannelState.Closed;

    public SubscriberSendResult Send(bool isBinary, byte[] message)
    {
        if (Volatile.Read(ref _closedOverBound) != 0) return SubscriberSendResult.Dropped;
        // Over the bound once the buffered amount has reached it: a channel under it takes one more message whatever
        // its size (a 256 KiB message on a 64 KiB lossy bound), so at most limit + one message is ever queued.
        if (Channel.BufferedAmount >= bufferLimit)
        {
            if (lossy) return SubscriberSendResult.Dropped;
            // Reliable delivery cannot skip this message, and waiting would hold the sender and every other
            // subscriber: close this subscriber's channel (RFC 8831 §6.7 stream reset); what is queued still arrives.
            if (Interlocked.Exchange(ref _closedOverBound, 1) != 0) return SubscriberSendResult.Dropped;
            Channel.Close();
            return SubscriberSendResult.ClosedOverBound;
        }
        return Channel.TryForward(isBinary, message) ? SubscriberSendResult.Queued : SubscriberSendResult.Dropped;
    }
}

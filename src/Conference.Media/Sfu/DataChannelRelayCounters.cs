namespace Conference.Media.Sfu;

/// <summary>
/// Totals of one or more <see cref="DataChannelRelay"/>s (a silo can share one instance among its rooms).
/// Thread-safe; counters only grow.
/// </summary>
public sealed class DataChannelRelayCounters
{
    private long _messagesReceived, _bytesReceived, _messagesRelayed, _bytesRelayed;
    private long _lossyDropped, _reliableDropped, _reliableChannelsClosed, _channelsRejected;

    /// <summary>Messages received on publisher-side channels.</summary>
    public long MessagesReceived => Interlocked.Read(ref _messagesReceived);
    public long BytesReceived => Interlocked.Read(ref _bytesReceived);

    /// <summary>Copies queued on subscriber channels (one per recipient).</summary>
    public long MessagesRelayed => Interlocked.Read(ref _messagesRelayed);
    public long BytesRelayed => Interlocked.Read(ref _bytesRelayed);

    /// <summary>Lossy messages not delivered to one subscriber: over its bound, or its channel or connection gone.</summary>
    public long LossyDropped => Interlocked.Read(ref _lossyDropped);

    /// <summary>Reliable messages not delivered to one subscriber: its channel was closed (over the bound) or unusable.</summary>
    public long ReliableDropped => Interlocked.Read(ref _reliableDropped);

    /// <summary>Reliable subscriber channels closed because the subscriber fell more than the bound behind.</summary>
    public long ReliableChannelsClosed => Interlocked.Read(ref _reliableChannelsClosed);

    /// <summary>Publisher-side channels closed by the relay: unknown label or a target that is not in the room.</summary>
    public long ChannelsRejected => Interlocked.Read(ref _channelsRejected);

    internal void Received(int bytes)
    {
        Interlocked.Increment(ref _messagesReceived);
        Interlocked.Add(ref _bytesReceived, bytes);
    }

    internal void Relayed(int bytes)
    {
        Interlocked.Increment(ref _messagesRelayed);
        Interlocked.Add(ref _bytesRelayed, bytes);
    }

    internal void Dropped(bool lossy)
    {
        if (lossy) Interlocked.Increment(ref _lossyDropped);
        else Interlocked.Increment(ref _reliableDropped);
    }

    internal void ReliableClosed() => Interlocked.Increment(ref _reliableChannelsClosed);
    internal void Rejected() => Interlocked.Increment(ref _channelsRejected);
}

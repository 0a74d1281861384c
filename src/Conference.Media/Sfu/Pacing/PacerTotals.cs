using System.Diagnostics.Metrics;

namespace Conference.Media.Sfu.Pacing;

/// <summary>
/// What every pacer of one engine's subscribers adds up to, for the metrics: bumped on the loop with Interlocked,
/// read from the exporter's thread. The queue-delay histogram gets one sample per pacer per tick, not per packet.
/// </summary>
public sealed class PacerTotals
{
    private long _queuedPackets, _queuedBytes, _delayedPackets, _droppedVideo, _droppedRetransmissions, _videoFlushes;

    /// <summary>Per tick of a pacer that sent queued packets: the longest any of them waited, in ms.</summary>
    public Histogram<double>? QueueDelay { get; set; }

    public long QueuedPackets => Interlocked.Read(ref _queuedPackets);
    public long QueuedBytes => Interlocked.Read(ref _queuedBytes);

    /// <summary>Packets that waited in a queue before they went out (the rest went straight through).</summary>
    public long DelayedPackets => Interlocked.Read(ref _delayedPackets);
    public long DroppedVideo => Interlocked.Read(ref _droppedVideo);
    public long DroppedRetransmissions => Interlocked.Read(ref _droppedRetransmissions);

    /// <summary>Times a full video queue was dropped (each restarts the affected streams at a keyframe).</summary>
    public long VideoFlushes => Interlocked.Read(ref _videoFlushes);

    internal void Queued(int bytes)
    {
        Interlocked.Increment(ref _queuedPackets);
        Interlocked.Add(ref _queuedBytes, bytes);
    }

    internal void Dequeued(int bytes, bool sent)
    {
        Interlocked.Decrement(ref _queuedPackets);
        Interlocked.Add(ref _queuedBytes, -bytes);
        if (sent) Interlocked.Increment(ref _delayedPackets);
    }

    internal void DroppedVideoPacket() => Interlocked.Increment(ref _droppedVideo);
    internal void DroppedRetransmission() => Interlocked.Increment(ref _droppedRetransmissions);
    internal void VideoFlushed() => Interlocked.Increment(ref _videoFlushes);
}

namespace Conference.Media.Sfu;

/// <summary>State of one SSRC a publisher sends on a track (one per simulcast layer): its cache, reception statistics and keyframe requester.</summary>
public sealed class PublishedStream : IDisposable
{
    internal PublishedStream(uint ssrc, int layer, PublishedTrackOptions options, TimeProvider time)
    {
        Ssrc = ssrc;
        Layer = layer;
        Cache = new PacketCache(options.PacketCacheCapacity);
        Stats = new ReceiverStats(ssrc, options.ClockRate, time);
        Keyframes = new KeyframeRequester(options.RtcpSenderSsrc, ssrc, options.KeyframeRequestFormat, time, options.KeyframeRequestInterval);
    }

    public uint Ssrc { get; }

    /// <summary>Index into the sorted simulcast layers; 0 without simulcast.</summary>
    public int Layer { get; }

    public PacketCache Cache { get; }
    public ReceiverStats Stats { get; }
    public KeyframeRequester Keyframes { get; }

    public void Dispose() => Cache.Dispose();
}

using Conference.Media.Recording;

namespace Conference.Media.Sfu;

/// <summary>State of one SSRC a publisher sends on a track (one per simulcast layer): its cache, reception statistics and keyframe requester.</summary>
public sealed class PublishedStream : IDisposable
{
    private readonly TimeProvider _time;
    private readonly long _windowTicks;
    private long _windowStart;
    private long _windowBytes;

    internal PublishedStream(uint ssrc, int layer, PublishedTrackOptions options, TimeProvider time)
    {
        Ssrc = ssrc;
        Layer = layer;
        _time = time;
        _windowTicks = time.TimestampFrequency; // one second
        _windowStart = time.GetTimestamp();
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

    /// <summary>The frame size of the last VP8/VP9 keyframe (RFC 6386 §9.1, RFC 9628), 0 until one was seen or for other codecs.</summary>
    public int Width { get; private set; }

    public int Height { get; private set; }

    /// <summary>What the publisher sent on this stream over the last whole second (RTP bytes × 8), 0 until the first second ended.
    /// A second without packets (a layer the publisher paused) keeps the last measurement.</summary>
    public ulong Bitrate { get; private set; }

    /// <summary>Per packet, on the loop: counts it towards <see cref="Bitrate"/>; a keyframe start updates the frame size.</summary>
    internal void OnPacket(int length, long now, VideoCodec codec, bool keyframe, ReadOnlySpan<byte> payload)
    {
        if (now - _windowStart >= _windowTicks)
        {
            if (_windowBytes > 0) Bitrate = (ulong)(_windowBytes * 8 * _windowTicks / (now - _windowStart));
            _windowStart = now;
            _windowBytes = 0;
        }
        _windowBytes += length;
        if (!keyframe) return;
        int width = 0, height = 0;
        bool known = codec switch
        {
            VideoCodec.Vp8 => Vp8Payload.Parse(payload) is { Valid: true } d && Vp8Payload.TryReadDimensions(payload[d.HeaderLength..], out width, out height),
            VideoCodec.Vp9 => Vp9Payload.Parse(payload) is { Valid: true } d9 && Vp9Payload.TryReadDimensions(payload[d9.HeaderLength..], out width, out height),
            _ => false,
        };
        if (known)
        {
            Width = width;
            Height = height;
        }
    }

    public void Dispose() => Cache.Dispose();
}

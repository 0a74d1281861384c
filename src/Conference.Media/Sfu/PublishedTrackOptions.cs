namespace Conference.Media.Sfu;

/// <summary>What the fan-out of one published track needs to know from the publisher's negotiation.</summary>
public sealed record PublishedTrackOptions
{
    /// <summary>"audio" | "video".</summary>
    public required string Kind { get; init; }

    public required int ClockRate { get; init; }

    /// <summary>For keyframe detection; <see cref="VideoCodec.Unknown"/> for audio.</summary>
    public VideoCodec Codec { get; init; } = VideoCodec.Unknown;

    /// <summary>
    /// The publisher's media payload types. Anything else (RTX, FEC, the padding-only probes Chrome sends on its
    /// RTX SSRC) is not forwarded: a new SSRC carrying it would otherwise look like a source switch.
    /// </summary>
    public required IReadOnlySet<int> MediaPayloadTypes { get; init; }

    /// <summary>Our RTCP sender SSRC on the publisher's connection (PLI/FIR/RR/REMB are sent from it).</summary>
    public uint RtcpSenderSsrc { get; init; } = 1;

    public KeyframeRequestFormat KeyframeRequestFormat { get; init; } = KeyframeRequestFormat.Pli;

    public TimeSpan KeyframeRequestInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Packets kept per publisher stream for NACKs (a power of two).</summary>
    public int PacketCacheCapacity { get; init; } = 512;

    /// <summary>Simulcast: the layers, and the negotiated id of the rtp-stream-id extension (RFC 8852) that names them.</summary>
    public IReadOnlyList<SimulcastLayer> SimulcastLayers { get; init; } = [];

    public int RidExtensionId { get; init; }

    public bool IsVideo => Kind == "video";

    public bool IsSimulcast => SimulcastLayers.Count > 1 && RidExtensionId > 0;
}

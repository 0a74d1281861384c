namespace Conference.Media.Sfu.Pacing;

/// <summary>How a <see cref="PacketPacer"/> spreads a subscriber's packets out.</summary>
public sealed record PacerOptions
{
    /// <summary>No pacing: every packet goes out as it is sent (measurements against the pacer).</summary>
    public static PacerOptions Off { get; } = new() { Enabled = false };

    /// <summary>False: the pacer sends everything at once and queues nothing.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>The pacing rate is the subscriber's estimate × this (libwebrtc's pacer uses 2.5): bursts are spread, not throttled.</summary>
    public double PacingFactor { get; init; } = 2.5;

    /// <summary>
    /// The rate is at least this × what was offered over the last half second: when more is forwarded than the estimate
    /// (several non-simulcast tracks, a subscriber that gives no feedback) pacing must not turn into a queue that only grows.
    /// </summary>
    public double OfferedRateFactor { get; init; } = 1.5;

    /// <summary>How often the loop drains queued packets (the engine's tick).</summary>
    public TimeSpan TickInterval { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>The rate is raised so what is queued goes out within this (a queue never adds more delay than this).</summary>
    public TimeSpan QueueTimeLimit { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Queued video packets at most; a video packet that finds the queue full drops the queued video.</summary>
    public int VideoCapacity { get; init; } = 512;

    /// <summary>Queued retransmissions at most; a retransmission that finds the queue full is dropped (the receiver asks again).</summary>
    public int RetransmissionCapacity { get; init; } = 128;

    /// <summary>What a packet costs on the wire beyond its RTP bytes (transport-wide number, SRTP tag, UDP, IPv4).</summary>
    public int PerPacketOverhead { get; init; } = 46;

    /// <summary>A burst may always be this big, however low the rate (one full packet).</summary>
    public int MinBurstBytes { get; init; } = 1_600;
}

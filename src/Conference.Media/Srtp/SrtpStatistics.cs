namespace Conference.Media.Srtp;

/// <summary>Why packets were dropped, for metrics (a snapshot; counters only grow).</summary>
public readonly record struct SrtpStatistics(
    long Protected,
    long Unprotected,
    long AuthenticationFailures,
    long ReplayDrops,
    long MalformedPackets,
    long UnknownStreamsRejected);

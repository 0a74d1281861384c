namespace Conference.Media.Sfu;

/// <summary>Back-pressure bounds of a <see cref="DataChannelRelay"/>, per subscriber channel.</summary>
public sealed record DataChannelRelayOptions
{
    /// <summary>
    /// Bytes a subscriber's reliable channel may have queued or unacknowledged (its SCTP buffered amount) and still take
    /// another message. A message arriving when it is reached closes that subscriber's channel instead: reliable
    /// delivery cannot skip a message.
    /// </summary>
    public long ReliableBufferLimit { get; init; } = 1024 * 1024;

    /// <summary>The same bound for a lossy channel; a message arriving when it is reached is dropped for that subscriber.</summary>
    public long LossyBufferLimit { get; init; } = 64 * 1024;
}

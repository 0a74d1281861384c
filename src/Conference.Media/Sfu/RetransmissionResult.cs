namespace Conference.Media.Sfu;

/// <summary>What <see cref="NackResponder.TryBuildRetransmission"/> produced for one NACKed sequence number.</summary>
public enum RetransmissionResult
{
    /// <summary>A packet is in the destination buffer; send it.</summary>
    Built,

    /// <summary>Already resent within the repeat interval: the earlier copy is probably still in flight.</summary>
    RateLimited,

    /// <summary>Not a number we sent recently (too old, not yet sent, or from a forgotten segment).</summary>
    UnknownSequenceNumber,

    /// <summary>We sent it but no longer hold the original.</summary>
    NotInCache,

    /// <summary>The destination cannot hold the packet (RTX adds 2 bytes).</summary>
    DestinationTooSmall,
}

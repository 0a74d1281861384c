namespace Conference.Media.Sfu.Pacing;

/// <summary>What a packet sent to a subscriber is, for its <see cref="PacketPacer"/>: the order it gives way in.</summary>
public enum PacketPriority
{
    /// <summary>Never held: sent at once (its bytes still count against the budget). Audio is small and must not starve.</summary>
    Audio,

    /// <summary>A retransmission (RTX) answering a NACK: ahead of any queued video, the receiver is waiting for it.</summary>
    Retransmission,

    /// <summary>Forwarded video: paced, queued behind retransmissions, dropped (with a keyframe restart) when the queue overflows.</summary>
    Video,
}

namespace Conference.Media.Sctp;

/// <summary>
/// Per-message delivery semantics. Partial reliability (RFC 3758 with the policies of RFC 8831 §6.1):
/// a message is abandoned after <see cref="MaxRetransmits"/> retransmissions or once
/// <see cref="MaxLifetime"/> has passed since it was queued, whichever is set.
/// </summary>
public sealed record SctpSendOptions(bool Ordered = true, int? MaxRetransmits = null, TimeSpan? MaxLifetime = null)
{
    public static readonly SctpSendOptions Reliable = new();
}

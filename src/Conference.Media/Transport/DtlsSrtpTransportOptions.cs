using Conference.Media.Dtls;

namespace Conference.Media.Transport;

/// <summary>How a <see cref="DtlsSrtpTransport"/> is set up from the negotiated SDP.</summary>
public sealed record DtlsSrtpTransportOptions
{
    /// <summary>Bind SCTP (data channels, RFC 8261) when the SDP accepted an m=application section.</summary>
    public bool EnableSctp { get; init; }

    /// <summary>The peer's a=sctp-port (RFC 8841 §5); ours is 5000.</summary>
    public ushort RemoteSctpPort { get; init; } = 5000;

    /// <summary>Largest data-channel message we accept (our a=max-message-size, RFC 8841 §6).</summary>
    public int MaxMessageSize { get; init; } = 262144;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public DtlsTransportOptions Dtls { get; init; } = new();

    /// <summary>Posts to the loop that receives this transport's SRTP, which then owns the inbound keys' disposal.</summary>
    public Action<Action>? ReceiveLoop { get; init; }

    /// <summary>
    /// True on that loop. With <see cref="ReceiveLoop"/> it makes the loop the owner of the SRTP send side as well: it
    /// protects without a lock, and sends from other threads are posted to it (docs/media.md, Threading).
    /// </summary>
    public Func<bool>? IsOnReceiveLoop { get; init; }
}

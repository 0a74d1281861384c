namespace Conference.Media.Sctp;

/// <summary>Tunables for <see cref="SctpAssociation"/>; defaults follow RFC 9260 §16 and RFC 8831.</summary>
public sealed record SctpAssociationOptions
{
    /// <summary>RFC 8841 §4: WebRTC uses port 5000 unless SDP says otherwise; ports are not used to demultiplex.</summary>
    public ushort LocalPort { get; init; } = 5000;
    public ushort RemotePort { get; init; } = 5000;

    /// <summary>Largest SCTP packet we emit; fits one DTLS record inside a 1280-byte path MTU.</summary>
    public int MaxPacketSize { get; init; } = 1200;

    /// <summary>
    /// The largest message we accept (what we announce as SDP max-message-size, RFC 8841 §6);
    /// a larger incoming message aborts the association (RFC 8831 §6.6).
    /// </summary>
    public int MaxMessageSize { get; init; } = 256 * 1024;

    /// <summary>
    /// The largest message we send: the peer's max-message-size (see
    /// <see cref="SctpSdpAttributes.EffectiveMaxMessageSize"/>); null means the same as <see cref="MaxMessageSize"/>.
    /// </summary>
    public int? MaxSendMessageSize { get; init; }

    /// <summary>Receive buffer advertised as a_rwnd.</summary>
    public uint ReceiveWindow { get; init; } = 1024 * 1024;

    // RFC 9260 §16 protocol parameters.
    public TimeSpan RtoInitial { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan RtoMin { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan RtoMax { get; init; } = TimeSpan.FromSeconds(60);
    public int MaxInitRetransmits { get; init; } = 8;
    public int MaxAssociationRetransmits { get; init; } = 10;
    public TimeSpan CookieLifetime { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>RFC 9260 §6.2: SACK at least every second packet, and within 200 ms otherwise.</summary>
    public TimeSpan DelayedSackTimeout { get; init; } = TimeSpan.FromMilliseconds(200);
}

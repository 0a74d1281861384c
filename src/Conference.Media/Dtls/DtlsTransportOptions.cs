namespace Conference.Media.Dtls;

/// <summary>Tunables for <see cref="DtlsTransport"/>; the defaults suit a real network.</summary>
public sealed record DtlsTransportOptions
{
    /// <summary>The whole handshake must finish within this time or it fails.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Initial flight retransmission timer; RFC 6347 §4.2.4.1 recommends 1 s, doubling per loss.</summary>
    public TimeSpan InitialRetransmitTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// When set, read as the handshake starts instead of <see cref="InitialRetransmitTimeout"/>: a timer derived from
    /// the round trip measured so far (ICE), as browsers do; BouncyCastle doubles it per retransmission (to 60 s).
    /// </summary>
    public Func<TimeSpan>? RetransmitTimeoutEstimate { get; init; }

    internal int InitialResendMillis => (int)Math.Max(1, (RetransmitTimeoutEstimate?.Invoke() ?? InitialRetransmitTimeout).TotalMilliseconds);

    /// <summary>Largest datagram we emit. 1200 keeps DTLS inside any path MTU after IP/UDP/TURN overhead.</summary>
    public int MaxDatagramSize { get; init; } = 1200;

    /// <summary>Datagrams queued for the handshake/receive thread before further ones are dropped.</summary>
    public int ReceiveQueueCapacity { get; init; } = 256;

    /// <summary>
    /// Told (on the transport's thread) about exceptions it handles itself: a DataReceived consumer that threw, an
    /// established association that failed (fatal alert, corrupt record state), a close_notify that could not be sent.
    /// </summary>
    public Action<string, Exception>? Faulted { get; init; }

    /// <summary>SRTP profiles in order of preference (server side picks the first the client offers).</summary>
    public IReadOnlyList<DtlsSrtpProfile> SrtpProfiles { get; init; } =
        [DtlsSrtpProfile.AeadAes128Gcm, DtlsSrtpProfile.AesCm128HmacSha1_80];
}

namespace Conference.Media.Ice;

/// <summary>Connection state of an <see cref="IceClientAgent"/> (RFC 8445 §6.1.3, RFC 7675).</summary>
public enum IceClientState
{
    New,
    Checking,

    /// <summary>A nominated pair succeeded and has consent.</summary>
    Connected,

    /// <summary>Every pair failed its checks.</summary>
    Failed,

    /// <summary>Consent expired on the selected pair (RFC 7675 §5.1): stop sending.</summary>
    ConsentLost,
}

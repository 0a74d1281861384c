namespace Conference.Media.Ice;

/// <summary>What <see cref="IceLiteAgent.ProcessPacket"/> did with a datagram.</summary>
public enum IceLiteResult
{
    /// <summary>Not STUN (RFC 7983): route it by source address with <see cref="IceLiteAgent.TryGetSession(System.Net.IPEndPoint, out IceLiteSession?)"/>.</summary>
    NotStun,

    /// <summary>An authenticated Binding request; the success response was written and must be sent.</summary>
    BindingSucceeded,

    /// <summary>An authenticated request from a peer that also claims the controlled role; a 487 was written.</summary>
    RoleConflict,

    /// <summary>An authenticated request with unknown comprehension-required attributes; a 420 was written.</summary>
    UnknownAttributes,

    /// <summary>STUN framing, fingerprint, or missing USERNAME/MESSAGE-INTEGRITY; nothing to send.</summary>
    IgnoredMalformed,

    /// <summary>USERNAME names no registered session; nothing to send.</summary>
    IgnoredUnknownUsername,

    /// <summary>MESSAGE-INTEGRITY did not verify with the session's password; nothing to send.</summary>
    IgnoredBadIntegrity,

    /// <summary>A STUN response or indication; a lite agent sends no requests, so nothing to do.</summary>
    IgnoredNotRequest,
}

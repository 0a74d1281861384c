namespace Conference.Media.Sctp;

/// <summary>Association states (RFC 9260 §4), plus Idle for "not started, but will answer an INIT".</summary>
public enum SctpAssociationState
{
    Idle,
    CookieWait,
    CookieEchoed,
    Established,
    ShutdownPending,
    ShutdownSent,
    ShutdownReceived,
    ShutdownAckSent,
    Closed,
}

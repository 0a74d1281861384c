namespace Conference.Media.Peer;

public enum PeerState
{
    /// <summary>The answer was produced; no authenticated ICE check yet.</summary>
    New,

    /// <summary>ICE passed a check; DTLS is running.</summary>
    Connecting,

    /// <summary>DTLS is up and SRTP keys are installed.</summary>
    Connected,

    /// <summary>DTLS failed (e.g. fingerprint mismatch), the connect timeout passed, or consent was lost.</summary>
    Failed,

    Closed,
}

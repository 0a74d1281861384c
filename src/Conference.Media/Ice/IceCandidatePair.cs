using System.Net;

namespace Conference.Media.Ice;

/// <summary>Check state of one pair (RFC 8445 §6.1.2.6).</summary>
public enum IceCandidatePairState
{
    Waiting,
    InProgress,
    Succeeded,
    Failed,
}

/// <summary>
/// Our single local socket paired with one remote candidate. The client agent has one
/// host candidate, so pairs are ordered by the remote priority alone.
/// </summary>
public sealed class IceCandidatePair
{
    internal IceCandidatePair(IPEndPoint remote, uint remotePriority)
    {
        Remote = remote;
        RemotePriority = remotePriority;
    }

    public IPEndPoint Remote { get; }

    public uint RemotePriority { get; }

    public IceCandidatePairState State { get; internal set; }

    /// <summary>Set when a check carrying USE-CANDIDATE succeeded (RFC 8445 §8.1.1).</summary>
    public bool Nominated { get; internal set; }

    /// <summary>Last authenticated success response from this pair (RFC 7675 consent).</summary>
    public DateTimeOffset? LastResponse { get; internal set; }

    internal bool NominationInFlight { get; set; }

    public override string ToString() => $"{Remote} {State}{(Nominated ? " nominated" : string.Empty)}";
}

namespace Conference.Media.Ice;

/// <summary>Timers of the client agent; defaults follow the RFCs.</summary>
public sealed record IceClientOptions
{
    public IceNomination Nomination { get; init; } = IceNomination.Aggressive;

    /// <summary>RFC 8445 §6.1.1: the offerer of two full agents controls; the full agent facing an ICE-lite one always does.</summary>
    public IceRole InitialRole { get; init; } = IceRole.Controlling;

    /// <summary>RFC 8445 §14.2: one new check per Ta (50 ms).</summary>
    public TimeSpan Pacing { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>RFC 8489 §6.2.1 initial RTO (500 ms recommended).</summary>
    public TimeSpan InitialRto { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>RFC 8489 §6.2.1 Rc: transmissions before giving up.</summary>
    public int MaxTransmissions { get; init; } = 7;

    /// <summary>RFC 8489 §6.2.1 Rm: the last wait is Rm * initial RTO.</summary>
    public int LastWaitMultiplier { get; init; } = 16;

    /// <summary>RFC 7675 §5.1: consent checks every 5 s, randomised to 0.8-1.2 of it.</summary>
    public TimeSpan ConsentInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>RFC 7675 §5.1: consent is lost after 30 s without a response.</summary>
    public TimeSpan ConsentTimeout { get; init; } = TimeSpan.FromSeconds(30);
}

namespace Conference.Media;

/// <summary>
/// One silo itself (key: its parsable silo address; activated on that silo only): how a request reaches a particular
/// silo (an admin's drain, another silo asking for its roles).
/// </summary>
[Alias("conference.ISiloGrain")]
public interface ISiloGrain : IGrainWithStringKey
{
    /// <summary>The silo's metadata (its roles, "role.core" / "role.sfu" = "true" or "false").</summary>
    [AlwaysInterleave, Alias("Metadata")] Task<Dictionary<string, string>> Metadata();

    /// <summary>Starts draining an SFU silo: no new rooms, every room's media moves to another SFU silo, then the process exits.</summary>
    [Alias("Drain")] Task Drain();
}

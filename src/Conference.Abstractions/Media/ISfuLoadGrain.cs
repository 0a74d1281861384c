namespace Conference.Media;

/// <summary>
/// What one SFU silo carries, measured by the silo itself every few seconds. <see cref="Utilization"/> is the largest
/// share of any of its ceilings in use (forwarded tracks, egress bitrate, CPU): 1 means full.
/// </summary>
[Immutable, GenerateSerializer, Alias("conference.SfuLoad")]
public sealed record SfuLoad(
    [property: Id(0)] string Silo,
    [property: Id(1)] string Name,
    [property: Id(2)] int Rooms,
    [property: Id(3)] int Forwarded,
    [property: Id(4)] long EgressBitsPerSecond,
    [property: Id(5)] double CpuPercent,
    [property: Id(6)] double Utilization,
    [property: Id(7)] double UtilizationPerRoom,
    [property: Id(8)] bool Draining)
{
    /// <summary>Set by <see cref="ISfuLoadGrain.Get"/>: the silo stopped reporting (killed, or its engines stopped): no placement target.</summary>
    [Id(9)] public bool Silent { get; init; }

    /// <summary>A full silo takes no new rooms.</summary>
    public bool Full => Utilization >= 1;
}

/// <summary>
/// The SFU silos' loads (key: "all"), reported by the silos themselves; the media router's placement reads it to put a
/// new room on the least utilized SFU silo that is neither full nor draining.
/// </summary>
[Alias("conference.ISfuLoadGrain")]
public interface ISfuLoadGrain : IGrainWithStringKey
{
    [OneWay, Alias("Report")] Task Report(SfuLoad load);

    /// <summary>Silo (parsable address) → load, for the silos that reported in the last minutes (those no longer reporting marked silent).</summary>
    [AlwaysInterleave, Alias("Get")] Task<Dictionary<string, SfuLoad>> Get();
}

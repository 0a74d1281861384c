namespace Conference.Media;

/// <summary>
/// What each SFU silo forwards (published tracks + subscriptions), reported every few seconds by the silos
/// themselves (key: "all"); the media router's placement reads it to put a new room on the least loaded SFU silo.
/// </summary>
[Alias("conference.ISfuLoadGrain")]
public interface ISfuLoadGrain : IGrainWithStringKey
{
    [OneWay, Alias("Report")] Task Report(string silo, int load);

    /// <summary>Silo (parsable address) → load, for the silos that reported recently.</summary>
    [AlwaysInterleave, Alias("Get")] Task<Dictionary<string, int>> Get();
}

namespace Conference.Catalogs;

/// <summary>What an owner grain tells its catalog when the catalog is unsure of an entry (after a crash).</summary>
[GenerateSerializer, Alias("conference.OwnerAnswer")]
public enum OwnerAnswer
{
    /// <summary>The owner has no persisted state: the entry must go.</summary>
    Absent = 0,
    /// <summary>The owner's persisted state is described by the summary.</summary>
    Present = 1,
    /// <summary>The owner is in the middle of a write: ask again later.</summary>
    Busy = 2,
}

[Immutable, GenerateSerializer, Alias("conference.OwnerProbe`1")]
public sealed record OwnerProbe<TSummary>([property: Id(0)] OwnerAnswer Answer, [property: Id(1)] TSummary? Summary);

/// <summary>Implemented by grains whose summaries a catalog indexes.</summary>
[Alias("conference.ICatalogOwner`1")]
public interface ICatalogOwner<TSummary>
{
    /// <summary>Reports the owner's persisted truth; interleaves so a catalog can ask while the owner awaits it.</summary>
    [AlwaysInterleave, Alias("Probe")] Task<OwnerProbe<TSummary>> Probe();
}

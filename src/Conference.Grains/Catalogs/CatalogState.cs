namespace Conference.Grains.Catalogs;

/// <summary>
/// One indexed resource. <see cref="Committed"/> is what lists show; <see cref="Pending"/> is a prepared change
/// whose owner write has not been confirmed yet (<see cref="PendingDelete"/> when the change is a delete).
/// </summary>
[GenerateSerializer, Alias("conference.CatalogEntry`1")]
public sealed record CatalogEntry<TSummary>
{
    [Id(0)] public long Sequence { get; init; }
    [Id(1)] public TSummary? Committed { get; init; }
    [Id(2)] public TSummary? Pending { get; init; }
    [Id(3)] public bool PendingDelete { get; init; }
    [Id(4)] public DateTimeOffset? PendingSince { get; init; }

    public bool IsPending => PendingSince is not null;
}

[GenerateSerializer, Alias("conference.CatalogState`1")]
public sealed class CatalogState<TSummary>
{
    [Id(0)] public Dictionary<string, CatalogEntry<TSummary>> Entries { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Sequence numbers give a stable order that new entries always extend, so paging sees each item once.</summary>
    [Id(1)] public long NextSequence { get; set; } = 1;
}

public sealed class CatalogOptions
{
    /// <summary>A pending entry older than this is resolved by asking its owner (a writer that crashed left it).</summary>
    public TimeSpan ProbePendingAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Commits are persisted lazily: losing one is harmless because the pending entry is probed later.</summary>
    public TimeSpan FlushDelay { get; set; } = TimeSpan.FromSeconds(1);
}

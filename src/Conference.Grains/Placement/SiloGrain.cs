using Conference.Grains.Media;
using Conference.Media;

namespace Conference.Grains.Placement;

/// <summary>The silo's metadata as published by the host (roles); empty on hosts that publish none.</summary>
public sealed class LocalSiloMetadata(IReadOnlyDictionary<string, string> metadata)
{
    public IReadOnlyDictionary<string, string> Metadata { get; } = metadata;
}

/// <summary>Runs on the silo its key names: answers for that silo (its roles) and hands an admin's drain to its media host.</summary>
[KeyedSiloPlacement]
public sealed class SiloGrain(SfuEngine sfu, LocalSiloMetadata local) : Grain, ISiloGrain
{
    public Task<Dictionary<string, string>> Metadata() => Task.FromResult(local.Metadata.ToDictionary(StringComparer.Ordinal));

    public Task Drain()
    {
        // Not awaited: the drain ends with this silo stopping; this call must answer before that.
        _ = sfu.Drain();
        return Task.CompletedTask;
    }
}

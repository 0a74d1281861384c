using Conference.Media;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Placement;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;

namespace Conference.Grains.Placement;

/// <summary>A new activation goes to the SFU silo that forwards the least (published tracks + subscriptions).</summary>
[GenerateSerializer, Immutable, Alias("conference.LeastLoadedSfuPlacement")]
public sealed class LeastLoadedSfuPlacement : PlacementStrategy
{
    public static readonly LeastLoadedSfuPlacement Instance = new();
}

[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class LeastLoadedSfuPlacementAttribute() : PlacementAttribute(LeastLoadedSfuPlacement.Instance);

/// <summary>
/// Reads the loads the SFU silos report (<see cref="ISfuLoadGrain"/>, cached for a second) and adds what it placed
/// itself since, so a burst of new rooms spreads instead of all landing on the silo that was idle a moment ago.
/// Without reports (a single SFU silo, or none yet) any compatible silo will do.
/// </summary>
public sealed class LeastLoadedSfuPlacementDirector(IGrainFactory grains, IServiceProvider services, TimeProvider time) : IPlacementDirector
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(1);
    private readonly ISiloMetadataCache? _metadata = services.GetService<ISiloMetadataCache>();
    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _placedSinceRefresh = new(StringComparer.Ordinal);
    private Dictionary<string, int> _loads = new(StringComparer.Ordinal);
    private DateTimeOffset _fetchedAt = DateTimeOffset.MinValue;

    public async Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        IList<SiloAddress> compatible = context.GetCompatibleSilos(target);
        var silos = _metadata is null
            ? compatible.ToList()
            : RolePlacementFilterDirector.Select("sfu", compatible.Select(s => (s, (IReadOnlyDictionary<string, string>)_metadata.GetSiloMetadata(s).Metadata))).ToList();
        if (silos.Count == 0) silos = compatible.ToList();
        if (silos.Count == 1) return silos[0];
        await Refresh();
        lock (_lock)
        {
            var chosen = Choose(silos, _loads, _placedSinceRefresh, Random.Shared);
            var key = chosen.ToParsableString();
            _placedSinceRefresh[key] = _placedSinceRefresh.GetValueOrDefault(key) + 1;
            return chosen;
        }
    }

    /// <summary>The silo with the least reported load plus recent placements; ties broken at random.</summary>
    public static SiloAddress Choose(IReadOnlyList<SiloAddress> silos, IReadOnlyDictionary<string, int> loads,
        IReadOnlyDictionary<string, int> placed, Random random)
    {
        int Load(SiloAddress silo)
        {
            var key = silo.ToParsableString();
            return loads.GetValueOrDefault(key) + placed.GetValueOrDefault(key);
        }
        int least = silos.Min(Load);
        var candidates = silos.Where(s => Load(s) == least).ToList();
        return candidates[random.Next(candidates.Count)];
    }

    private async Task Refresh()
    {
        lock (_lock)
        {
            if (time.GetUtcNow() - _fetchedAt < CacheFor) return;
            _fetchedAt = time.GetUtcNow();
        }
        try
        {
            var loads = await grains.GetGrain<ISfuLoadGrain>("all").Get();
            lock (_lock)
            {
                _loads = loads;
                _placedSinceRefresh.Clear();
            }
        }
        catch (Exception)
        {
            // No core silo reachable for a moment: keep the last loads; placement must not fail for want of them.
        }
    }
}

public static class LeastLoadedSfuPlacementHosting
{
    public static IServiceCollection AddLeastLoadedSfuPlacement(this IServiceCollection services)
    {
        services.AddPlacementDirector<LeastLoadedSfuPlacement, LeastLoadedSfuPlacementDirector>();
        return services;
    }
}

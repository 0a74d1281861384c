using Conference.Media;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Placement;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;

namespace Conference.Grains.Placement;

/// <summary>A new activation goes to the least utilized SFU silo that is neither full nor draining (see the director).</summary>
[GenerateSerializer, Immutable, Alias("conference.LeastLoadedSfuPlacement")]
public sealed class LeastLoadedSfuPlacement : PlacementStrategy
{
    public static readonly LeastLoadedSfuPlacement Instance = new();
}

[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class LeastLoadedSfuPlacementAttribute() : PlacementAttribute(LeastLoadedSfuPlacement.Instance);

/// <summary>
/// Reads the loads the SFU silos report (<see cref="ISfuLoadGrain"/>, cached for a second), leaves out full,
/// draining and silent (no longer reporting) silos and the one the activating call asks to avoid (<see cref="PlacementHints.AvoidSilo"/>: where a
/// room's media just left), and picks the least utilized, adding what it placed itself in the last seconds so a burst
/// of new rooms spreads. A silo that has not reported yet (just started) counts as empty. When no silo is
/// eligible the placement fails: the hub answers that no media server is available.
/// </summary>
public sealed class LeastLoadedSfuPlacementDirector(IGrainFactory grains, IServiceProvider services, TimeProvider time,
    ILogger<LeastLoadedSfuPlacementDirector> logger) : IPlacementDirector
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(1);
    private readonly SiloRoles? _roles = services.GetService<SiloRoles>();
    private readonly Lock _lock = new();
    /// <summary>
    /// Placements count on top of the reports for longer than a report takes to reflect them (reports every 2 s, cached
    /// 1 s): counted twice for a moment rather than not at all, so rooms created one after the other alternate.
    /// </summary>
    private static readonly TimeSpan CountPlacedFor = TimeSpan.FromSeconds(5);
    private readonly List<(string Silo, DateTimeOffset At)> _recent = [];
    private Dictionary<string, SfuLoad> _loads = new(StringComparer.Ordinal);
    private DateTimeOffset _fetchedAt = DateTimeOffset.MinValue;

    public async Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        IList<SiloAddress> compatible = context.GetCompatibleSilos(target);
        // Media routers only on silos with the sfu role (a cluster publishing no roles: any silo).
        var silos = _roles is null ? compatible.ToList() : RolePlacementFilterDirector.Select("sfu", compatible.Select(s => (s, _roles.Of(s)))).ToList();
        var avoid = target.RequestContextData?.TryGetValue(PlacementHints.AvoidSilo, out var hint) == true ? hint as string : null;
        await Refresh();
        lock (_lock)
        {
            var now = time.GetUtcNow();
            _recent.RemoveAll(p => now - p.At > CountPlacedFor);
            var placed = _recent.GroupBy(p => p.Silo).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            var chosen = Choose(silos, _loads, placed, avoid, Random.Shared)
                ?? throw new OrleansException("No SFU silo can take a new room: every one is full, draining or being left.");
            _recent.Add((chosen.ToParsableString(), now));
            if (!string.IsNullOrEmpty(avoid))
                logger.LogInformation("Media router {Grain} placed on {Silo} (leaving {Avoid}; candidates {Candidates})", target.GrainIdentity, chosen, avoid,
                    string.Join(", ", silos.Select(s => $"{s} {_loads.GetValueOrDefault(s.ToParsableString())?.Utilization:0.###}{(_loads.GetValueOrDefault(s.ToParsableString())?.Draining == true ? " draining" : "")}")));
            return chosen;
        }
    }

    /// <summary>
    /// The eligible silo (not full, draining or silent, not <paramref name="avoid"/>) with the least utilization plus its
    /// recent placements; ties broken at random. Silent silos only when no reporting one is eligible. Null when none is eligible.
    /// </summary>
    public static SiloAddress? Choose(IReadOnlyList<SiloAddress> silos, IReadOnlyDictionary<string, SfuLoad> loads,
        IReadOnlyDictionary<string, int> placed, string? avoid, Random random)
    {
        double Load(SiloAddress silo)
        {
            var key = silo.ToParsableString();
            var report = loads.GetValueOrDefault(key);
            var perRoom = report is { UtilizationPerRoom: > 0 } ? report.UtilizationPerRoom : 0.001;
            return (report?.Utilization ?? 0) + placed.GetValueOrDefault(key) * perRoom;
        }
        bool Open(SiloAddress silo) =>
            silo.ToString() != avoid && loads.GetValueOrDefault(silo.ToParsableString()) is not ({ Draining: true } or { Full: true });
        bool Reporting(SiloAddress silo) => loads.GetValueOrDefault(silo.ToParsableString()) is not { Silent: true };
        // A silent silo (no load report for a while) is passed over while another can take the room; when none can, it
        // is still a member of the cluster (Orleans removes dead silos from the candidates), more likely starved for CPU
        // than gone: a new room goes there rather than being refused.
        var eligible = silos.Where(s => Open(s) && Reporting(s)).ToList();
        if (eligible.Count == 0) eligible = silos.Where(Open).ToList();
        if (eligible.Count == 0) return null;
        var least = eligible.Min(Load);
        var candidates = eligible.Where(s => Load(s) <= least + 1e-9).ToList();
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
            lock (_lock) _loads = loads;
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

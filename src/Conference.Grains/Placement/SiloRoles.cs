using System.Collections.Concurrent;
using Conference.Media;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace Conference.Grains.Placement;

/// <summary>
/// The metadata (roles) of the cluster's silos for role placement. Orleans' silo metadata cache asks each silo once,
/// when a membership update shows it, and a silo asked while still joining stays unknown until the next membership
/// change; a silo with unknown roles would then take grains of every role (domain grains on an SFU silo, media routers
/// on a core silo). So a silo still unknown there is asked here, through <see cref="ISiloGrain"/> on that silo, and
/// is left out of role placement (no role) until it answered.
/// </summary>
public sealed class SiloRoles(IServiceProvider services, LocalSiloMetadata local)
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);
    private readonly ISiloMetadataCache? _cache = services.GetService<ISiloMetadataCache>();
    private readonly ILocalSiloDetails? _self = services.GetService<ILocalSiloDetails>();
    private readonly ConcurrentDictionary<SiloAddress, IReadOnlyDictionary<string, string>> _fetched = new();
    private readonly ConcurrentDictionary<SiloAddress, DateTime> _asked = new();

    public IReadOnlyDictionary<string, string> Of(SiloAddress silo)
    {
        // A host that publishes no roles (test clusters) places anywhere: every silo counts as having every role.
        if (local.Metadata.Count == 0 || (_self is not null && silo.Equals(_self.SiloAddress))) return local.Metadata;
        if (_cache?.GetSiloMetadata(silo).Metadata is { Count: > 0 } known) return known;
        if (_fetched.TryGetValue(silo, out var fetched)) return fetched;
        Ask(silo);
        return Unknown;
    }

    /// <summary>An unknown silo has a role key that matches no role, so it is not "a cluster without roles" either.</summary>
    private static readonly IReadOnlyDictionary<string, string> Unknown = new Dictionary<string, string> { ["role.unknown"] = "true" };

    private void Ask(SiloAddress silo)
    {
        var now = DateTime.UtcNow;
        if (_asked.TryGetValue(silo, out var at) && now - at < RetryAfter) return;
        _asked[silo] = now;
        _ = Task.Run(async () =>
        {
            try
            {
                var grains = services.GetRequiredService<IGrainFactory>();
                _fetched[silo] = await grains.GetGrain<ISiloGrain>(silo.ToParsableString()).Metadata();
            }
            catch (Exception)
            {
                // Not reachable yet (still starting, or gone): asked again on the next placement after RetryAfter.
            }
        });
    }
}

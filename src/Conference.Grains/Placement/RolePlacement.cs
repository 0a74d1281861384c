using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Metadata;
using Orleans.Placement;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;

namespace Conference.Grains.Placement;



/// <summary>
/// Places a grain only on silos that carry a role (silo metadata "role.&lt;name&gt;" = "true", published by the
/// host from Conference:Roles): domain grains on `core`, media grains on `sfu`.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class RequiresRoleAttribute(string role) : PlacementFilterAttribute(new RolePlacementFilterStrategy(role));

public sealed class RolePlacementFilterStrategy(string role) : PlacementFilterStrategy(order: 0)
{
    private const string RoleProperty = "conference-role";

    public RolePlacementFilterStrategy() : this("") { }

    public string Role { get; private set; } = role;

    public static string MetadataKey(string role) => $"role.{role}";

    public override void AdditionalInitialize(GrainProperties properties) =>
        Role = GetPlacementFilterGrainProperty(RoleProperty, properties);

    protected override IEnumerable<KeyValuePair<string, string>> GetAdditionalGrainProperties(IServiceProvider services, Type grainClass,
        GrainType grainType, IReadOnlyDictionary<string, string> existingProperties)
    {
        yield return new KeyValuePair<string, string>(RoleProperty, Role);
    }
}

/// <summary>Filters by the silos' roles (<see cref="SiloRoles"/>); a host without silo roles (no roles published) places anywhere.</summary>
public sealed class RolePlacementFilterDirector(IServiceProvider services) : IPlacementFilterDirector
{
    private readonly SiloRoles? _roles = services.GetService<SiloRoles>();

    public IEnumerable<SiloAddress> Filter(PlacementFilterStrategy filterStrategy, PlacementTarget target, IEnumerable<SiloAddress> silos)
    {
        var role = (filterStrategy as RolePlacementFilterStrategy)?.Role;
        if (string.IsNullOrEmpty(role) || _roles is null) return silos;
        return Select(role, silos.Select(s => (s, _roles.Of(s))));
    }

    /// <summary>
    /// The silos that carry the role. A cluster whose silos publish no roles at all (test clusters, hosts that
    /// predate roles) is treated as "every silo has every role".
    /// </summary>
    public static IEnumerable<SiloAddress> Select(string role, IEnumerable<(SiloAddress Silo, IReadOnlyDictionary<string, string> Metadata)> silos)
    {
        var known = silos.ToList();
        var key = RolePlacementFilterStrategy.MetadataKey(role);
        if (!known.Any(s => s.Metadata.Keys.Any(k => k.StartsWith("role.", StringComparison.Ordinal))))
            return known.Select(s => s.Silo);
        return known.Where(s => s.Metadata.TryGetValue(key, out var value) && value == "true").Select(s => s.Silo);
    }
}

public static class RolePlacementHosting
{
    public static IServiceCollection AddRolePlacement(this IServiceCollection services)
    {
        services.TryAddSingleton(new LocalSiloMetadata(new Dictionary<string, string>()));
        services.AddSingleton<SiloRoles>();
        // Transient: Orleans initializes one strategy instance per grain type with that type's role (a singleton would share the last one).
        services.AddPlacementFilter<RolePlacementFilterStrategy, RolePlacementFilterDirector>(ServiceLifetime.Transient);
        return services;
    }
}

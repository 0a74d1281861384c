using Microsoft.Extensions.DependencyInjection;
using Orleans.Placement;
using Orleans.Runtime.Placement;

namespace Conference.Grains.Placement;

/// <summary>The grain runs on the silo its key names (a parsable silo address): a handle on one particular silo.</summary>
[GenerateSerializer, Immutable, Alias("conference.KeyedSiloPlacement")]
public sealed class KeyedSiloPlacement : PlacementStrategy
{
    public static readonly KeyedSiloPlacement Instance = new();
}

[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class KeyedSiloPlacementAttribute() : PlacementAttribute(KeyedSiloPlacement.Instance);

public sealed class KeyedSiloPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var key = target.GrainIdentity.Key.ToString() ?? "";
        var silo = context.GetCompatibleSilos(target).FirstOrDefault(s => s.ToParsableString() == key);
        return silo is not null ? Task.FromResult(silo) : throw new OrleansException($"Silo '{key}' is not an active member of the cluster.");
    }
}

public static class KeyedSiloPlacementHosting
{
    public static IServiceCollection AddKeyedSiloPlacement(this IServiceCollection services)
    {
        services.AddPlacementDirector<KeyedSiloPlacement, KeyedSiloPlacementDirector>();
        return services;
    }
}

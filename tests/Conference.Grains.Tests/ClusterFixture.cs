using System.Collections.Concurrent;
using Conference.Grains;
using Conference.Grains.Catalogs;
using Conference.Grains.Placement;
using Conference.Grains.Users;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Conference.Grains.Tests;

/// <summary>A 2-silo in-process cluster shared by the grain tests.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public TestCluster Cluster { get; } = new TestClusterBuilder(2).AddSiloBuilderConfigurator<SiloConfigurator>().Build();

    public IGrainFactory Grains => Cluster.GrainFactory;

    public Task InitializeAsync() => Cluster.DeployAsync();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.AddMemoryGrainStorage("memory");
            // State goes through Orleans' serializer as in production (FileGrainStorage, ADO.NET), not the JSON default.
            silo.Services.AddOptions<MemoryGrainStorageOptions>("memory")
                .PostConfigure<Orleans.Serialization.Serializer>((o, serializer) => o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));
            silo.Services.AddKeyedSingleton<IGrainStorage>(StorageNames.Store, (sp, _) =>
                new FaultInjectingStorage(sp.GetRequiredKeyedService<IGrainStorage>("memory")));
            silo.Services.AddSingleton<TimeProvider>(ManualClock.Instance);
            silo.Services.AddRolePlacement();
            silo.Services.AddLeastLoadedSfuPlacement();
            // Resolve pending catalog entries on the first list that meets them.
            silo.Services.Configure<Conference.Grains.Presence.PresenceOptions>(o => o.Grace = TimeSpan.FromMilliseconds(300));
            silo.Services.Configure<Conference.Grains.Rooms.RoomOptions>(o => { o.DisconnectGrace = TimeSpan.FromMilliseconds(300); o.AliveInterval = TimeSpan.FromHours(1); });
            silo.Services.Configure<CatalogOptions>(o => { o.ProbePendingAfter = TimeSpan.Zero; o.FlushDelay = TimeSpan.FromMilliseconds(200); });
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}

/// <summary>Wraps the real storage and fails writes of users whose email the test has marked.</summary>
public sealed class FaultInjectingStorage(IGrainStorage inner) : IGrainStorage
{
    public static readonly ConcurrentDictionary<string, bool> FailingEmails = new(StringComparer.OrdinalIgnoreCase);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (grainState.State is UserState { User: { } user } && FailingEmails.ContainsKey(user.Email))
            throw new IOException("Injected storage failure.");
        return inner.WriteStateAsync(stateName, grainId, grainState);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);
}

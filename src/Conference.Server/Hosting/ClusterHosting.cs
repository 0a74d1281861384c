using Conference.Grains;
using Conference.Grains.Catalogs;
using Conference.Grains.Placement;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;
using System.Net;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace Conference.Server.Hosting;

/// <summary>The one place that decides silo or client, clustering and storage from configuration.</summary>
public static class ClusterHosting
{
    private const string Invariant = "Npgsql";

    public static WebApplicationBuilder AddConferenceCluster(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(ConferenceOptions.Section);
        var options = section.Get<ConferenceOptions>() ?? new ConferenceOptions();
        builder.Services.Configure<ConferenceOptions>(section);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);

        if (IsPostgres(options))
        {
            var connectionString = RequireConnectionString(options);
            // Registered before Orleans so the schema exists when membership starts.
            builder.Services.AddHostedService(sp => new PostgresSchema(connectionString, sp.GetRequiredService<ILogger<PostgresSchema>>()));
        }
        else if (options.Cluster.Mode != ClusterModes.Localhost)
        {
            throw new InvalidOperationException($"Conference:Cluster:Mode must be '{ClusterModes.Localhost}' or '{ClusterModes.Postgres}', not '{options.Cluster.Mode}'.");
        }

        if (!IsPostgres(options))
            builder.Services.AddHostedService(sp => new LeftoverTempFiles(options.FullDataPath, sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<LeftoverTempFiles>>()));
        if (options.IsSilo)
            builder.UseOrleans(silo => ConfigureSilo(silo, options, builder.Configuration));
        else
            builder.UseOrleansClient(client => ConfigureClient(client, options));
        return builder;
    }

    private static void ConfigureSilo(ISiloBuilder silo, ConferenceOptions options, IConfiguration configuration)
    {
        var cluster = options.Cluster;
        silo.Configure<Orleans.Configuration.ClusterOptions>(o => { o.ClusterId = cluster.ClusterId; o.ServiceId = cluster.ServiceId; });
        silo.Configure<ClusterMembershipOptions>(o => { o.ProbeTimeout = cluster.ProbeTimeout; o.NumMissedProbesLimit = cluster.MissedProbesLimit; });
        silo.Services.AddSingleton(new LocalSiloMetadata(RoleMetadata(options)));
        silo.Services.AddRolePlacement();
        silo.Services.AddLeastLoadedSfuPlacement();
        silo.Services.AddKeyedSiloPlacement();
        silo.Services.Configure<CatalogOptions>(configuration.GetSection($"{ConferenceOptions.Section}:Catalog"));
        silo.Services.Configure<Conference.Grains.Presence.PresenceOptions>(configuration.GetSection($"{ConferenceOptions.Section}:Presence"));
        silo.Services.Configure<Conference.Grains.Rooms.RoomOptions>(configuration.GetSection($"{ConferenceOptions.Section}:Rooms"));
        // Roles travel as silo metadata; placement filters use them to keep media grains on sfu silos.
        silo.UseSiloMetadata(RoleMetadata(options));

        if (IsPostgres(options))
        {
            var connectionString = RequireConnectionString(options);
            silo.UseAdoNetClustering(o => { o.Invariant = Invariant; o.ConnectionString = connectionString; });
            // An SFU-only silo is no gateway for Orleans clients: a gateway process never routes a domain call through a
            // silo that may be lost with its media (issue 13).
            var gatewayPort = options.RoleSet.Contains(ServerRoles.Core) ? cluster.GatewayPort : 0;
            silo.ConfigureEndpoints(AdvertisedAddress(cluster), cluster.SiloPort, gatewayPort, listenOnAnyHostAddress: true);
            if (cluster.KubernetesHosting) silo.UseKubernetesHosting();
            // The grain directory in PostgreSQL instead of Orleans' in-memory one, whose partitions live on every silo:
            // a killed SFU silo then holds no directory entry of any domain grain, so their lookups never wait for it.
            silo.UseAdoNetGrainDirectoryAsDefault(o => { o.Invariant = Invariant; o.ConnectionString = connectionString; });
            silo.AddAdoNetGrainStorage(StorageNames.Store, o => { o.Invariant = Invariant; o.ConnectionString = connectionString; });
            silo.Services.AddOptions<AdoNetGrainStorageOptions>(StorageNames.Store)
                .PostConfigure<Serializer>((o, serializer) => o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));
            silo.UseAdoNetReminderService(o => { o.Invariant = Invariant; o.ConnectionString = connectionString; });
        }
        else
        {
            silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort,
                cluster.PrimarySiloPort is { } primary ? new IPEndPoint(IPAddress.Loopback, primary) : null,
                serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
            OwnerOnly.SecureRoot(options.FullDataPath);
            var root = Path.Combine(options.FullDataPath, "grains");
            silo.Services.AddKeyedSingleton<IGrainStorage>(StorageNames.Store, (sp, _) =>
                new FileGrainStorage(root, new OrleansGrainStorageSerializer(sp.GetRequiredService<Serializer>())));
            // Reminders (webhook retries) must survive a restart like the grain state beside them.
            silo.AddReminders();
            silo.Services.AddSingleton<IReminderTable>(_ => new FileReminderTable(Path.Combine(options.FullDataPath, "reminders.json")));
        }
    }

    private static void ConfigureClient(IClientBuilder client, ConferenceOptions options)
    {
        var cluster = options.Cluster;
        client.Configure<Orleans.Configuration.ClusterOptions>(o => { o.ClusterId = cluster.ClusterId; o.ServiceId = cluster.ServiceId; });
        if (IsPostgres(options))
            client.UseAdoNetClustering(o => { o.Invariant = Invariant; o.ConnectionString = RequireConnectionString(options); });
        else
            client.UseLocalhostClustering(cluster.GatewayPort, cluster.ServiceId, cluster.ClusterId);
    }

    private static Dictionary<string, string> RoleMetadata(ConferenceOptions options) => new()
    {
        ["conference.roles"] = string.Join(',', options.RoleSet.Order()),
        [$"role.{ServerRoles.Core}"] = options.RoleSet.Contains(ServerRoles.Core) ? "true" : "false",
        [$"role.{ServerRoles.Sfu}"] = options.RoleSet.Contains(ServerRoles.Sfu) ? "true" : "false",
    };

    public static bool IsPostgres(ConferenceOptions options) => options.Cluster.Mode == ClusterModes.Postgres;

    private static string RequireConnectionString(ConferenceOptions options) =>
        options.Cluster.ConnectionString is { Length: > 0 } connectionString
            ? connectionString
            : throw new InvalidOperationException("Conference:Cluster:ConnectionString is required when Conference:Cluster:Mode is 'postgres'.");

    private static IPAddress AdvertisedAddress(Conference.Server.Hosting.ClusterOptions cluster) =>
        cluster.AdvertisedAddress is { Length: > 0 } text ? IPAddress.Parse(text) : IPAddress.Loopback;
}

namespace Conference.Server.Hosting;

/// <summary>The "Conference" configuration section: roles, data folder and cluster mode.</summary>
public sealed class ConferenceOptions
{
    public const string Section = "Conference";

    /// <summary>Comma-separated: gateway, core, sfu. All three is the embedded default.</summary>
    public string Roles { get; set; } = "gateway,core,sfu";

    /// <summary>Where the embedded default keeps grain state (relative to the working directory).</summary>
    public string DataPath { get; set; } = "data";

    public ClusterOptions Cluster { get; set; } = new();

    public IReadOnlySet<string> RoleSet =>
        Roles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(r => r.ToLowerInvariant()).ToHashSet();

    public bool IsGateway => RoleSet.Contains(ServerRoles.Gateway);

    /// <summary>A process with core or sfu hosts grains (a silo); a gateway-only process is an Orleans client.</summary>
    public bool IsSilo => RoleSet.Contains(ServerRoles.Core) || RoleSet.Contains(ServerRoles.Sfu);

    public string FullDataPath => Path.GetFullPath(DataPath);
}

public sealed class ClusterOptions
{
    /// <summary>"localhost" (embedded default) or "postgres".</summary>
    public string Mode { get; set; } = ClusterModes.Localhost;
    public string? ConnectionString { get; set; }
    public string ClusterId { get; set; } = "conference";
    public string ServiceId { get; set; } = "conference";
    public int SiloPort { get; set; } = 11111;
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Localhost clustering with several silos on one machine: the silo port of the first (primary) silo.</summary>
    public int? PrimarySiloPort { get; set; }

    /// <summary>The address other silos reach this one on (defaults to loopback for the embedded default).</summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>
    /// In Kubernetes: Orleans' Kubernetes hosting (silo name = pod name, pod labels orleans/serviceId and
    /// orleans/clusterId; a silo whose pod is gone is declared dead at once). Needs POD_NAME, POD_NAMESPACE,
    /// POD_IP, ORLEANS_SERVICE_ID, ORLEANS_CLUSTER_ID and the RBAC in k8s/base/rbac.yaml.
    /// </summary>
    public bool KubernetesHosting { get; set; }

    /// <summary>
    /// Orleans membership: how long a silo waits for a probe answer, and how many missed probes make it suspect
    /// another. A killed silo is declared dead after about ProbeTimeout × MissedProbesLimit (≈ 6–9 s with these
    /// values, 10–17 s with Orleans' defaults of 5 s and 3), which is what a call to it or a room's media waits.
    /// </summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(3);
    public int MissedProbesLimit { get; set; } = 3;
}

public static class ClusterModes
{
    public const string Localhost = "localhost";
    public const string Postgres = "postgres";
}

public static class ServerRoles
{
    public const string Gateway = "gateway";
    public const string Core = "core";
    public const string Sfu = "sfu";
}

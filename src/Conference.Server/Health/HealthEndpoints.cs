using Conference.Server.Hosting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Conference.Server.Health;

public static class HealthEndpoints
{
    private const string Ready = "ready";
    public const string LivenessPath = "/healthz";
    public const string ReadinessPath = "/readyz";

    public static WebApplicationBuilder AddConferenceHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddCheck<ClusterReadiness>("cluster", tags: [Ready])
            .AddCheck<StorageReadiness>("storage", tags: [Ready]);
        return builder;
    }

    /// <summary>/healthz: the process is alive. /readyz: it has joined the cluster and storage answers.</summary>
    public static WebApplication MapConferenceHealth(this WebApplication app)
    {
        app.MapHealthChecks(LivenessPath, new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks(ReadinessPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready) }).AllowAnonymous();
        return app;
    }
}

/// <summary>Ready when a management call through the cluster succeeds and lists an active silo.</summary>
public sealed class ClusterReadiness(IGrainFactory grains) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            return hosts.Count > 0 ? HealthCheckResult.Healthy($"{hosts.Count} active silo(s)") : HealthCheckResult.Unhealthy("No active silo.");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("The cluster is not reachable.", ex);
        }
    }
}

/// <summary>Ready when the grain storage answers: PostgreSQL in cluster mode, the data folder otherwise.</summary>
public sealed class StorageReadiness(ConferenceOptions options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            if (ClusterHosting.IsPostgres(options))
            {
                await using var connection = new NpgsqlConnection(options.Cluster.ConnectionString);
                await connection.OpenAsync(cancellationToken);
                await using var command = new NpgsqlCommand("SELECT 1", connection);
                await command.ExecuteScalarAsync(cancellationToken);
            }
            else if (options.IsSilo)
            {
                var probe = Path.Combine(options.FullDataPath, ".ready");
                Directory.CreateDirectory(options.FullDataPath);
                await File.WriteAllTextAsync(probe, "ok", cancellationToken);
            }
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("Storage is not reachable.", ex);
        }
    }
}

using Npgsql;

namespace Conference.Server.Hosting;

/// <summary>
/// Applies our Orleans schema (Hosting/Sql/orleans-postgres.sql) before the silo or client starts. The script is
/// idempotent; the transaction-scoped advisory lock serialises silos that start at the same moment.
/// </summary>
public sealed class PostgresSchema(string connectionString, ILogger<PostgresSchema> logger) : IHostedService
{
    private const long LockKey = 0x436f6e66_5363686d; // "ConfSchm"

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var script = await ReadScript();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await Apply(script, cancellationToken);
                logger.LogInformation("PostgreSQL schema applied");
                return;
            }
            catch (NpgsqlException ex) when (attempt < 30 && !cancellationToken.IsCancellationRequested)
            {
                // The database may still be starting (e.g. pods started together): retry for up to a minute.
                logger.LogWarning(ex, "Could not apply the PostgreSQL schema (attempt {Attempt}); retrying", attempt);
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task Apply(string script, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({LockKey})", connection, transaction))
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        await using (var command = new NpgsqlCommand(script, connection, transaction))
            await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task<string> ReadScript()
    {
        var assembly = typeof(PostgresSchema).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith("orleans-postgres.sql", StringComparison.Ordinal));
        await using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }
}

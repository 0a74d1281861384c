using System.Diagnostics;
using Npgsql;

namespace Conference.Server.Tests.Support;

/// <summary>
/// A throwaway PostgreSQL cluster on 127.0.0.1 and a free port, from the Debian package (initdb refuses root, so it
/// runs as the postgres user). Stopped and deleted when the tests finish.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"conference-pg-{Guid.NewGuid():N}");
    private string _bin = "";

    public int Port { get; } = FreePorts.Tcp();

    public string ConnectionString(string database = "conference") =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Timeout=15";

    public async Task InitializeAsync()
    {
        _bin = Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => d).Select(d => Path.Combine(d, "bin"))
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
            ?? throw new InvalidOperationException("PostgreSQL is not installed (tests/run.sh installs it).");
        Directory.CreateDirectory(_root);
        await Run("chown", $"postgres:postgres {_root}");
        await Run("runuser", $"-u postgres -- {_bin}/initdb -D {_root}/data --auth=trust -U postgres --no-sync");
        await Run("runuser", $"-u postgres -- {_bin}/pg_ctl -D {_root}/data -l {_root}/log -w -t 60 -o \"-p {Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={_root} -c fsync=off\" start");
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("CREATE DATABASE conference", connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try { await Run("runuser", $"-u postgres -- {_bin}/pg_ctl -D {_root}/data -m immediate -w stop"); }
        finally { Directory.Delete(_root, recursive: true); }
    }

    public async Task<long> Scalar(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    private static async Task Run(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {arguments} exited {process.ExitCode}: {await output}{await error}");
    }
}

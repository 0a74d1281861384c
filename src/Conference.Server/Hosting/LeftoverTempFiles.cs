namespace Conference.Server.Hosting;

/// <summary>
/// Writes in the data folder go to "*.tmp" and are renamed into place; a process killed mid-write leaves its temp
/// file behind. At start they are removed (only those older than a minute, in case another process shares the
/// folder and is writing right now).
/// </summary>
public sealed class LeftoverTempFiles(string dataPath, TimeProvider time, ILogger<LeftoverTempFiles> logger) : IHostedService
{
    /// <summary>Registered before the silo, so it runs before any grain state is read or written.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var removed = Remove(dataPath, time.GetUtcNow().UtcDateTime);
        if (removed > 0) logger.LogWarning("Removed {Count} temp file(s) that interrupted writes left in {DataPath}", removed, dataPath);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static readonly TimeSpan MinimumAge = TimeSpan.FromMinutes(1);

    public static int Remove(string dataPath, DateTime utcNow)
    {
        if (!Directory.Exists(dataPath)) return 0;
        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(dataPath, "*.tmp", SearchOption.AllDirectories))
        {
            try
            {
                if (utcNow - File.GetLastWriteTimeUtc(file) < MinimumAge) continue;
                File.Delete(file);
                removed++;
            }
            catch (IOException) { /* gone already or in use: the next start tries again */ }
        }
        return removed;
    }
}

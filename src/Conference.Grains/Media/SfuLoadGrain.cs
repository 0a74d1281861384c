using Conference.Media;

namespace Conference.Grains.Media;

/// <summary>In memory: loads are re-reported every few seconds, so a restart loses nothing that matters.</summary>
[Placement.RequiresRole("core")]
public sealed class SfuLoadGrain(TimeProvider time) : Grain, ISfuLoadGrain
{
    /// <summary>A silo that stopped reporting (gone, or its media engine stopped) is not a placement target.</summary>
    private static readonly TimeSpan Stale = TimeSpan.FromSeconds(15);
    private readonly Dictionary<string, (int Load, DateTimeOffset At)> _loads = new(StringComparer.Ordinal);

    public Task Report(string silo, int load)
    {
        _loads[silo] = (Math.Max(0, load), time.GetUtcNow());
        return Task.CompletedTask;
    }

    public Task<Dictionary<string, int>> Get()
    {
        var now = time.GetUtcNow();
        return Task.FromResult(_loads.Where(l => now - l.Value.At < Stale).ToDictionary(l => l.Key, l => l.Value.Load, StringComparer.Ordinal));
    }
}

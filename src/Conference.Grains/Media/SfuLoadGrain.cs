using Conference.Media;

namespace Conference.Grains.Media;

/// <summary>In memory: loads are re-reported every 2 s, so a restart loses nothing that matters.</summary>
[Placement.RequiresRole("core")]
public sealed class SfuLoadGrain(TimeProvider time) : Grain, ISfuLoadGrain
{
    /// <summary>A silo silent this long (killed, or its engines stopped) is no placement target: a few missed reports.</summary>
    private static readonly TimeSpan Silent = TimeSpan.FromSeconds(5);

    /// <summary>Silent silos are still listed (as silent) for this long, then forgotten.</summary>
    private static readonly TimeSpan Forget = TimeSpan.FromMinutes(2);

    private readonly Dictionary<string, (SfuLoad Load, DateTimeOffset At)> _loads = new(StringComparer.Ordinal);

    public Task Report(SfuLoad load)
    {
        _loads[load.Silo] = (load, time.GetUtcNow());
        return Task.CompletedTask;
    }

    public Task<Dictionary<string, SfuLoad>> Get()
    {
        var now = time.GetUtcNow();
        foreach (var gone in _loads.Where(l => now - l.Value.At >= Forget).Select(l => l.Key).ToList()) _loads.Remove(gone);
        return Task.FromResult(_loads.ToDictionary(l => l.Key, l => l.Value.Load with { Silent = now - l.Value.At >= Silent }, StringComparer.Ordinal));
    }
}

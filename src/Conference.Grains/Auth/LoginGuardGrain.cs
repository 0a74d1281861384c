using Conference.Auth;

namespace Conference.Grains.Auth;

/// <summary>
/// In-memory sliding window of failed logins for one account. Losing it on a silo restart only resets the
/// window, which is acceptable for a brute-force brake (the per-IP limiter at the edge still applies).
/// </summary>
[Placement.RequiresRole("core")]
public sealed class LoginGuardGrain(TimeProvider time) : Grain, ILoginGuardGrain
{
    public const int MaxFailures = 10;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly Queue<DateTimeOffset> _failures = new();

    public Task<TimeSpan?> RetryAfter()
    {
        var now = time.GetUtcNow();
        while (_failures.TryPeek(out var oldest) && now - oldest >= Window) _failures.Dequeue();
        return Task.FromResult<TimeSpan?>(_failures.Count >= MaxFailures ? Window - (now - _failures.Peek()) : null);
    }

    public Task RecordFailure()
    {
        _failures.Enqueue(time.GetUtcNow());
        while (_failures.Count > MaxFailures) _failures.Dequeue();
        return Task.CompletedTask;
    }

    public Task RecordSuccess()
    {
        _failures.Clear();
        return Task.CompletedTask;
    }
}

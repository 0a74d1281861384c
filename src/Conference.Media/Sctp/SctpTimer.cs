namespace Conference.Media.Sctp;

/// <summary>
/// A restartable one-shot timer on <see cref="TimeProvider"/>. Each arming gets a generation; the
/// expiry is checked against it inside the owner's lock (through <c>runLocked</c>), so a firing that
/// raced with a Stop or a re-arm is recognised as stale and ignored.
/// Start and Stop must be called under the owner's lock.
/// </summary>
internal sealed class SctpTimer : IDisposable
{
    private readonly ITimer _timer;
    private long _generation;
    private long _armedGeneration = -1;

    public SctpTimer(TimeProvider time, Action<Action> runLocked, Action onExpired)
    {
        _timer = time.CreateTimer(_ =>
        {
            long firedFor = Interlocked.Read(ref _armedGeneration);
            if (firedFor < 0) return;
            runLocked(() =>
            {
                if (Interlocked.CompareExchange(ref _armedGeneration, -1, firedFor) == firedFor) onExpired();
            });
        }, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public bool IsRunning => Interlocked.Read(ref _armedGeneration) >= 0;

    public void Start(TimeSpan due)
    {
        Interlocked.Exchange(ref _armedGeneration, ++_generation);
        _timer.Change(due, Timeout.InfiniteTimeSpan);
    }

    public void StartIfStopped(TimeSpan due)
    {
        if (!IsRunning) Start(due);
    }

    public void Stop()
    {
        Interlocked.Exchange(ref _armedGeneration, -1);
        _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public void Dispose() => _timer.Dispose();
}

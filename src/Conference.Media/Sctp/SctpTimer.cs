namespace Conference.Media.Sctp;

/// <summary>
/// A restartable one-shot timer on <see cref="TimeProvider"/>. Each arming gets a generation so a
/// callback already in flight for a stopped or re-armed timer is recognised as stale and ignored.
/// </summary>
internal sealed class SctpTimer : IDisposable
{
    private readonly ITimer _timer;
    private readonly Action _onExpired;
    private long _generation;
    private long _armedGeneration = -1;

    public SctpTimer(TimeProvider time, Action onExpired)
    {
        _onExpired = onExpired;
        _timer = time.CreateTimer(_ => Fire(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public bool IsRunning => Interlocked.Read(ref _armedGeneration) >= 0;

    public void Start(TimeSpan due)
    {
        Interlocked.Exchange(ref _armedGeneration, Interlocked.Increment(ref _generation));
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

    private void Fire()
    {
        long armed = Interlocked.Read(ref _armedGeneration);
        if (armed < 0 || Interlocked.CompareExchange(ref _armedGeneration, -1, armed) != armed) return;
        _onExpired();
    }
}

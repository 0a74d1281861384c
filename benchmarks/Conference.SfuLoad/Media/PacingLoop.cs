using System.Diagnostics;

namespace Conference.SfuLoad.Media;

/// <summary>
/// One thread paces every publisher (a thread per publisher would fight the SFU for the two cores): each millisecond
/// it sends what is due. The measured window is set by the step; packets are counted as sent in it by their send time.
/// </summary>
public sealed class PacingLoop : IDisposable
{
    private readonly IReadOnlyList<SyntheticPublisher> _publishers;
    private readonly Thread _thread;
    private volatile bool _stop;
    private long _windowFrom = long.MaxValue, _windowUntil = long.MaxValue;

    public PacingLoop(IReadOnlyList<SyntheticPublisher> publishers)
    {
        _publishers = publishers;
        _thread = new Thread(Run) { IsBackground = true, Name = "sfu-load pacing", Priority = ThreadPriority.AboveNormal };
        _thread.Start();
    }

    public void SetWindow(long from, long until)
    {
        Interlocked.Exchange(ref _windowUntil, until);
        Interlocked.Exchange(ref _windowFrom, from);
    }

    private void Run()
    {
        while (!_stop)
        {
            long now = Stopwatch.GetTimestamp();
            long from = Interlocked.Read(ref _windowFrom), until = Interlocked.Read(ref _windowUntil);
            foreach (SyntheticPublisher publisher in _publishers) publisher.SendDue(now, from, until);
            Thread.Sleep(1);
        }
    }

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
    }
}

using System.Diagnostics;

namespace Conference.SfuLoad.Media;

/// <summary>
/// One thread paces every publisher (a thread per publisher would fight the SFU for the two cores): each millisecond
/// it sends what is due. A publisher is added as soon as it is connected and sends from then on, as a browser does
/// (waiting for the step's last publisher would count the tool's own wait as connect time). The measured window is
/// set by the step; packets are counted as sent in it by their send time.
/// </summary>
public sealed class PacingLoop : IDisposable
{
    private SyntheticPublisher[] _publishers = [];
    private readonly Lock _adding = new();
    private readonly Thread _thread;
    private volatile bool _stop;
    private long _windowFrom = long.MaxValue, _windowUntil = long.MaxValue;

    public PacingLoop()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "sfu-load pacing", Priority = ThreadPriority.AboveNormal };
        _thread.Start();
    }

    /// <summary>Starts pacing a connected publisher (any thread; the loop reads a new array from its next round).</summary>
    public void Add(SyntheticPublisher publisher)
    {
        lock (_adding) Volatile.Write(ref _publishers, [.. _publishers, publisher]);
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
            foreach (SyntheticPublisher publisher in Volatile.Read(ref _publishers)) publisher.SendDue(now, from, until);
            Thread.Sleep(1);
        }
    }

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
    }
}

using System.Diagnostics;
using System.Net.Sockets;

namespace Conference.Media.Transport;

/// <summary>
/// A timer that belongs to the loop: <see cref="ScheduleTick"/> (on the loop) asks for one call of the tick handler once
/// a delay has passed, and the loop makes it between two datagrams (or batches), like posted work. The batched loop
/// sleeps in poll(2) no longer than until the tick is due; the one-datagram loop is woken by a timer that rings the
/// doorbell. Pacing subscribers' packets (every few ms while some are queued) uses it; when nothing is scheduled the loop
/// sleeps as before.
/// </summary>
public sealed partial class UdpDatagramSocket
{
    private Action? _tickHandler;
    private long _tickDue = long.MaxValue; // Stopwatch timestamp; loop only
    private Timer? _tickTimer; // the one-datagram loop's wake-up

    /// <summary>Called on the loop when a scheduled tick is due. Set before <see cref="Start"/>.</summary>
    public Action? TickHandler
    {
        set => _tickHandler = value;
    }

    /// <summary>Loop only: the tick handler runs once, <paramref name="delay"/> from now or soon after (earlier requests win).</summary>
    public void ScheduleTick(TimeSpan delay)
    {
        long due = Stopwatch.GetTimestamp() + (long)(delay.TotalSeconds * Stopwatch.Frequency);
        if (due >= _tickDue) return;
        _tickDue = due;
        if (IsBatched) return; // the loop's poll times out for it
        _tickTimer ??= new Timer(static state => ((UdpDatagramSocket)state!).RingForTick(), this, Timeout.Infinite, Timeout.Infinite);
        _tickTimer.Change(Math.Max(1, (int)Math.Ceiling(delay.TotalMilliseconds)), Timeout.Infinite);
    }

    /// <summary>On the loop, at the top of each turn: the tick, when due.</summary>
    private void RunDueTick()
    {
        if (_tickDue == long.MaxValue || Stopwatch.GetTimestamp() < _tickDue) return;
        _tickDue = long.MaxValue;
        try
        {
            _tickHandler?.Invoke();
        }
        catch (Exception e)
        {
            Fault(e);
        }
    }

    /// <summary>How long the batched loop may sleep: until the tick is due, at most the idle wait.</summary>
    private int WaitMilliseconds()
    {
        if (_tickDue == long.MaxValue) return IdleWaitMs;
        long remaining = _tickDue - Stopwatch.GetTimestamp();
        if (remaining <= 0) return 0;
        return (int)Math.Min(IdleWaitMs, (remaining * 1000 + Stopwatch.Frequency - 1) / Stopwatch.Frequency);
    }

    /// <summary>Timer thread: wakes the one-datagram loop (the doorbell datagram is skipped; the tick runs at the top).</summary>
    private void RingForTick()
    {
        try
        {
            _socket.SendTo([DoorbellByte], SocketFlags.None, _doorbell);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Closed: nothing to wake.
        }
    }
}

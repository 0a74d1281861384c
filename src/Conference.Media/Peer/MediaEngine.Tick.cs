namespace Conference.Media.Peer;

/// <summary>Something on the engine's loop that needs a regular turn while it has work (a subscriber's pacer).</summary>
internal interface ILoopTicker
{
    /// <summary>On the loop, every <see cref="MediaEngineOptions.TickInterval"/> while ticking; false: no more turns needed.</summary>
    bool OnTick();
}

public sealed partial class MediaEngine
{
    private readonly List<ILoopTicker> _tickers = new(); // loop only

    /// <summary><see cref="MediaEngineOptions.Pacing"/>.</summary>
    internal bool Pacing => _options.Pacing;

    /// <summary>Tickers with a turn coming (loop only; tests).</summary>
    internal int TickerCount => _tickers.Count;

    /// <summary>
    /// Loop: gives <paramref name="ticker"/> a turn (posted there from elsewhere) every tick until it says it is done. The caller keeps track of
    /// whether it is ticking already (it is added once per call).
    /// </summary>
    internal void StartTicking(ILoopTicker ticker)
    {
        if (!IsOnLoop)
        {
            Post(() => StartTicking(ticker)); // a test or tool sending off the loop; the SFU is always on it
            return;
        }
        _tickers.Add(ticker);
        if (_tickers.Count == 1) _socket.ScheduleTick(_options.TickInterval);
    }

    private void OnTick()
    {
        for (int i = _tickers.Count - 1; i >= 0; i--)
        {
            bool more;
            try
            {
                more = _tickers[i].OnTick();
            }
            catch (Exception e)
            {
                Fault("tick", e);
                more = false;
            }
            if (more) continue;
            // Swap-remove: the last one was already served this turn (the loop walks backwards).
            _tickers[i] = _tickers[^1];
            _tickers.RemoveAt(_tickers.Count - 1);
        }
        if (_tickers.Count > 0) _socket.ScheduleTick(_options.TickInterval);
    }
}

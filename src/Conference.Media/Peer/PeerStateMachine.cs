namespace Conference.Media.Peer;

/// <summary>
/// The New → Connecting → Connected → (Failed | Closed) progression shared by both peer kinds, with the
/// Connected task that completes on success and faults on failure. Never moves backwards.
/// </summary>
internal sealed class PeerStateMachine
{
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Action<PeerState> _changed;
    private int _state;

    public PeerStateMachine(Action<PeerState> changed) => _changed = changed;

    public PeerState State => (PeerState)Volatile.Read(ref _state);

    public Task Connected => _connected.Task;

    public bool IsFinished => State is PeerState.Failed or PeerState.Closed;

    public void Connecting() => Move(PeerState.Connecting, from: PeerState.New);

    public void ConnectedNow()
    {
        if (Move(PeerState.Connected, from: PeerState.Connecting) || Move(PeerState.Connected, from: PeerState.New))
        {
            _connected.TrySetResult();
        }
    }

    public bool Fail(Exception reason)
    {
        PeerState previous = State;
        while (previous is PeerState.New or PeerState.Connecting or PeerState.Connected)
        {
            if (Interlocked.CompareExchange(ref _state, (int)PeerState.Failed, (int)previous) == (int)previous)
            {
                // Observe the exception here so a never-awaited Connected does not surface as unobserved.
                _connected.TrySetException(reason);
                _ = _connected.Task.Exception;
                _changed(PeerState.Failed);
                return true;
            }
            previous = State;
        }
        return false;
    }

    public bool Close()
    {
        int previous = Interlocked.Exchange(ref _state, (int)PeerState.Closed);
        if (previous == (int)PeerState.Closed) return false;
        if (_connected.TrySetException(new ObjectDisposedException("peer", "The peer was closed before it connected.")))
        {
            _ = _connected.Task.Exception;
        }
        _changed(PeerState.Closed);
        return true;
    }

    private bool Move(PeerState to, PeerState from)
    {
        if (Interlocked.CompareExchange(ref _state, (int)to, (int)from) != (int)from) return false;
        _changed(to);
        return true;
    }
}

using System.Text.Json;

namespace Conference.EndToEnd.Tests.Werift;

/// <summary>
/// Every event a child process printed, kept in order, so a test can wait for "the first event matching X"
/// regardless of what arrived in between (RTP, state changes and data-channel messages interleave).
/// </summary>
public sealed class JsonEventLog
{
    private readonly object _gate = new();
    private readonly List<JsonElement> _events = [];
    private TaskCompletionSource _changed = NewSignal();
    private bool _completed;

    public void Add(JsonElement element)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _events.Add(element);
            changed = _changed;
            _changed = NewSignal();
        }
        changed.TrySetResult();
    }

    /// <summary>No more events will come (the process exited); waiters fail fast instead of timing out.</summary>
    public void Complete()
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _completed = true;
            changed = _changed;
        }
        changed.TrySetResult();
    }

    public IReadOnlyList<JsonElement> Snapshot()
    {
        lock (_gate) return _events.ToArray();
    }

    public async Task<JsonElement> WaitForAsync(Func<JsonElement, bool> match, TimeSpan timeout, string what) =>
        (await WaitForCountAsync(match, 1, timeout, what))[0];

    /// <summary>Waits until <paramref name="count"/> events match; returns them in arrival order.</summary>
    public async Task<IReadOnlyList<JsonElement>> WaitForCountAsync(Func<JsonElement, bool> match, int count, TimeSpan timeout, string what)
    {
        using var cancel = new CancellationTokenSource(timeout);
        int scanned = 0;
        var found = new List<JsonElement>();
        while (true)
        {
            Task changed;
            bool completed;
            lock (_gate)
            {
                for (; scanned < _events.Count; scanned++)
                {
                    if (match(_events[scanned])) found.Add(_events[scanned]);
                    if (found.Count == count) return found;
                }
                changed = _changed.Task;
                completed = _completed;
            }
            if (completed) throw new InvalidOperationException($"Process exited while waiting for {what} ({found.Count}/{count} seen).");
            try
            {
                await changed.WaitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0} s waiting for {what} ({found.Count}/{count} seen).");
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

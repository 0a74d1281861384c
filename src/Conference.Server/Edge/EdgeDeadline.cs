namespace Conference.Server.Edge;

/// <summary>
/// The deadline of the REST request or hub invocation running on this async flow. Grain calls made on it are
/// cut off there (<see cref="EdgeDeadlineFilter"/>); grain-to-grain calls inside the cluster are not affected.
/// </summary>
public static class EdgeDeadline
{
    private static readonly AsyncLocal<DateTimeOffset?> Current = new();

    public static IDisposable Start(TimeSpan timeout, TimeProvider time)
    {
        var previous = Current.Value;
        Current.Value = time.GetUtcNow() + timeout;
        return new Restore(previous);
    }

    public static TimeSpan? Remaining(TimeProvider time) => Current.Value is { } deadline ? deadline - time.GetUtcNow() : null;

    private sealed class Restore(DateTimeOffset? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}

/// <summary>A grain call of the edge found no answer before the edge's deadline.</summary>
public sealed class EdgeDeadlineExceededException(string call, TimeSpan timeout)
    : TimeoutException($"{call} did not answer within the edge's deadline ({timeout.TotalSeconds:0.#} s).");

/// <summary>Cuts off an edge grain call at the edge's deadline (the call itself may still complete later).</summary>
public sealed class EdgeDeadlineFilter(TimeProvider time, EdgeOptions options) : IOutgoingGrainCallFilter
{
    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        if (EdgeDeadline.Remaining(time) is not { } remaining)
        {
            await context.Invoke();
            return;
        }
        var call = $"{context.InterfaceName}.{context.MethodName}";
        if (remaining <= TimeSpan.Zero) throw new EdgeDeadlineExceededException(call, options.CallTimeout);
        try
        {
            await context.Invoke().WaitAsync(remaining, time);
        }
        catch (TimeoutException ex) when (ex is not EdgeDeadlineExceededException && EdgeDeadline.Remaining(time) <= TimeSpan.Zero)
        {
            throw new EdgeDeadlineExceededException(call, options.CallTimeout);
        }
    }
}

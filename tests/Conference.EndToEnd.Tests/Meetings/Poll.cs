namespace Conference.EndToEnd.Tests.Meetings;

/// <summary>Waits for a condition by looking again and again (no fixed sleeps), failing with what was seen last.</summary>
public static class Poll
{
    public static async Task<T> UntilAsync<T>(Func<Task<T>> look, Func<T, bool> done, TimeSpan timeout, string what,
        TimeSpan? interval = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        T last = await look();
        while (!done(last))
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0} s waiting for {what}; last seen: {Describe(last)}");
            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(250));
            last = await look();
        }
        return last;
    }

    private static string Describe<T>(T value) =>
        value is System.Collections.IEnumerable items and not string
            ? "[" + string.Join(", ", items.Cast<object?>()) + "]"
            : value?.ToString() ?? "null";
}

namespace Conference.Server.Tests.Support;

public static class Poll
{
    /// <summary>Checks every 250 ms until the condition holds; fails with <paramref name="what"/> after the timeout.</summary>
    public static async Task Until(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0} s waiting until {what}.");
            await Task.Delay(250);
        }
    }
}

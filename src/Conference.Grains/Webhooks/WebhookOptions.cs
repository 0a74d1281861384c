namespace Conference.Grains.Webhooks;

/// <summary>"Conference:Webhooks": the retry schedule and the limits of webhook deliveries.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Conference:Webhooks";

    /// <summary>Attempts per delivery, the first included; after the last failure the delivery is given up.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The wait after the first failure; each further failure doubles it (exponential backoff).</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long one attempt may take (connect, send, answer).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The period of the reminder that wakes a webhook with pending deliveries: the guarantee behind the in-memory
    /// timer that makes the retries on time. Orleans refuses periods under a minute.
    /// </summary>
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Pending deliveries one webhook keeps; past it the oldest are given up (a receiver down for days).</summary>
    public int MaxPending { get; set; } = 1_000;

    /// <summary>
    /// Whether deliveries may go to loopback, private and link-local addresses. Off by default: a project owner must
    /// not be able to make the server call into its own network. Turn on for receivers on the same machine or LAN.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Finished deliveries kept in the log, newest last.</summary>
    public int KeepDeliveries { get; set; } = 500;

    /// <summary>The wait before the next attempt after <paramref name="attempts"/> failed ones: 1, 2, 4, … × the first delay, capped.</summary>
    public TimeSpan RetryDelay(int attempts)
    {
        var factor = Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        var delay = FirstRetryDelay.TotalMilliseconds * factor;
        return delay >= MaxRetryDelay.TotalMilliseconds ? MaxRetryDelay : TimeSpan.FromMilliseconds(delay);
    }
}

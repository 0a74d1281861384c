namespace Conference.Server.Edge;

/// <summary>"Conference:Edge": how long the REST API and the hub wait for the cluster, and idempotency keys.</summary>
public sealed class EdgeOptions
{
    public const string Section = "Conference:Edge";

    /// <summary>
    /// The edge's own deadline for the grain calls of one REST request or hub invocation. A call that has no
    /// answer by then (its silo died and is not yet declared dead) answers 503 with Retry-After instead of waiting
    /// for Orleans' 30 s response timeout.
    /// </summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The Retry-After sent with a 503 (roughly how long the cluster takes to declare a silo dead).</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a POST's Idempotency-Key and its first response are remembered.</summary>
    public TimeSpan IdempotencyKeyLifetime { get; set; } = TimeSpan.FromHours(24);
}

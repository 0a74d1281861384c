namespace Conference.Idempotency;

/// <summary>
/// One caller's `Idempotency-Key` (key: a hash of caller id and key). The first request with the key proceeds;
/// its response is remembered until the key expires, and a retry with the same request gets that response back
/// instead of running again. A retry with another request, or while the first is still running, is refused.
/// </summary>
[Alias("conference.IIdempotencyGrain")]
public interface IIdempotencyGrain : IGrainWithStringKey
{
    /// <param name="fingerprint">method, path and body hash of the request</param>
    /// <param name="lifetime">how long a completed response is remembered</param>
    /// <param name="abandonAfter">after this long a request that never completed (its gateway died) may be retried</param>
    [Alias("Begin")] Task<IdempotencyDecision> Begin(string fingerprint, TimeSpan lifetime, TimeSpan abandonAfter);

    [Alias("Complete")] Task Complete(string fingerprint, StoredResponse response);

    /// <summary>The request failed without a definite answer (5xx): a retry may run it again.</summary>
    [Alias("Abandon")] Task Abandon(string fingerprint);
}

[GenerateSerializer, Alias("conference.IdempotencyOutcome")]
public enum IdempotencyOutcome
{
    Proceed = 0,
    Replay = 1,
    Mismatch = 2,
    InFlight = 3,
}

[Immutable, GenerateSerializer, Alias("conference.IdempotencyDecision")]
public sealed record IdempotencyDecision([property: Id(0)] IdempotencyOutcome Outcome, [property: Id(1)] StoredResponse? Response);

[Immutable, GenerateSerializer, Alias("conference.StoredResponse")]
public sealed record StoredResponse(
    [property: Id(0)] int Status,
    [property: Id(1)] string? ContentType,
    [property: Id(2)] string? Location,
    [property: Id(3)] string? ETag,
    [property: Id(4)] byte[] Body);

using Conference.Idempotency;

namespace Conference.Grains.Idempotency;

[GenerateSerializer, Alias("conference.IdempotencyState")]
public sealed class IdempotencyState
{
    [Id(0)] public string? Fingerprint { get; set; }
    [Id(1)] public DateTimeOffset StartedAt { get; set; }
    [Id(2)] public DateTimeOffset ExpiresAt { get; set; }
    [Id(3)] public StoredResponse? Response { get; set; }
}

/// <summary>
/// Remembers one idempotency key durably (a retry may come through another gateway after a silo died). An
/// expired key is as good as new; its stored row is overwritten when the key is used again.
/// </summary>
[Placement.RequiresRole("core")]
public sealed class IdempotencyGrain(
    [PersistentState("idempotency", StorageNames.Store)] IPersistentState<IdempotencyState> state, TimeProvider time) : Grain, IIdempotencyGrain
{
    public async Task<IdempotencyDecision> Begin(string fingerprint, TimeSpan lifetime, TimeSpan abandonAfter)
    {
        var now = time.GetUtcNow();
        var current = state.State;
        if (current.Fingerprint is not null && current.ExpiresAt > now)
        {
            if (current.Fingerprint != fingerprint) return new(IdempotencyOutcome.Mismatch, null);
            if (current.Response is { } response) return new(IdempotencyOutcome.Replay, response);
            if (now - current.StartedAt < abandonAfter) return new(IdempotencyOutcome.InFlight, null);
        }
        state.State = new IdempotencyState { Fingerprint = fingerprint, StartedAt = now, ExpiresAt = now + lifetime };
        await state.WriteStateAsync();
        return new(IdempotencyOutcome.Proceed, null);
    }

    public async Task Complete(string fingerprint, StoredResponse response)
    {
        if (state.State.Fingerprint != fingerprint) return;
        state.State.Response = response;
        await state.WriteStateAsync();
    }

    public async Task Abandon(string fingerprint)
    {
        if (state.State.Fingerprint != fingerprint || state.State.Response is not null) return;
        await state.ClearStateAsync();
    }
}

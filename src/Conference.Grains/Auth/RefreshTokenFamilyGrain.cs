using System.Security.Cryptography;
using System.Text;
using Conference.Auth;

namespace Conference.Grains.Auth;

[GenerateSerializer, Alias("conference.RefreshTokenFamilyState")]
public sealed record RefreshTokenFamilyState
{
    [Id(0)] public string? UserId { get; init; }
    [Id(1)] public string? CurrentSecretHash { get; init; }
    [Id(2)] public DateTimeOffset ExpiresAt { get; init; }
    [Id(3)] public bool Revoked { get; init; }
    /// <summary>Hashes already rotated away: seeing one again means the token was stolen or replayed.</summary>
    [Id(4)] public List<string> Retired { get; init; } = [];
}

[Placement.RequiresRole("core")]
public sealed class RefreshTokenFamilyGrain(
    [PersistentState("refreshFamily", StorageNames.Store)] IPersistentState<RefreshTokenFamilyState> state,
    TimeProvider time) : Grain, IRefreshTokenFamilyGrain
{
    private const int RetiredKept = 64;

    public async Task Start(string userId, string secretHash, DateTimeOffset expiresAt)
    {
        if (state.State.UserId is not null) throw new InvalidOperationException("Refresh token family already started.");
        state.State = new RefreshTokenFamilyState { UserId = userId, CurrentSecretHash = secretHash, ExpiresAt = expiresAt };
        await state.WriteStateAsync();
    }

    public async Task<RefreshResult> Rotate(string presentedSecretHash, string nextSecretHash, DateTimeOffset expiresAt)
    {
        var family = state.State;
        if (family.UserId is null || family.Revoked) return new RefreshResult(RefreshOutcome.Invalid, null);
        if (family.Retired.Contains(presentedSecretHash))
        {
            await Revoke();
            return new RefreshResult(RefreshOutcome.Reused, null);
        }
        if (family.CurrentSecretHash is not { } current || !FixedTimeEquals(current, presentedSecretHash) || time.GetUtcNow() >= family.ExpiresAt)
            return new RefreshResult(RefreshOutcome.Invalid, null);

        var retired = family.Retired.Append(current).TakeLast(RetiredKept).ToList();
        state.State = family with { CurrentSecretHash = nextSecretHash, ExpiresAt = expiresAt, Retired = retired };
        await state.WriteStateAsync();
        return new RefreshResult(RefreshOutcome.Rotated, family.UserId);
    }

    public async Task Revoke()
    {
        if (state.State.UserId is null || state.State.Revoked) return;
        state.State = state.State with { Revoked = true, CurrentSecretHash = null };
        await state.WriteStateAsync();
    }

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));
}

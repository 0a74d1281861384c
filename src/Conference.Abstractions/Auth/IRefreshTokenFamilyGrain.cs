namespace Conference.Auth;

[GenerateSerializer, Alias("conference.RefreshOutcome")]
public enum RefreshOutcome
{
    Rotated = 0,
    /// <summary>Not a token of this family, or the family is revoked or expired.</summary>
    Invalid = 1,
    /// <summary>An already-rotated token came back: the family is revoked (RFC 9700 §4.14.2).</summary>
    Reused = 2,
}

[Immutable, GenerateSerializer, Alias("conference.RefreshResult")]
public sealed record RefreshResult([property: Id(0)] RefreshOutcome Outcome, [property: Id(1)] string? UserId);

/// <summary>
/// One chain of refresh tokens (key: family id). Only hashes of the secrets are kept; each refresh rotates the
/// secret, and presenting an old one revokes the whole family.
/// </summary>
[Alias("conference.IRefreshTokenFamilyGrain")]
public interface IRefreshTokenFamilyGrain : IGrainWithStringKey
{
    [Alias("Start")] Task Start(string userId, string secretHash, DateTimeOffset expiresAt);
    [Alias("Rotate")] Task<RefreshResult> Rotate(string presentedSecretHash, string nextSecretHash, DateTimeOffset expiresAt);
    [Alias("Revoke")] Task Revoke();
}

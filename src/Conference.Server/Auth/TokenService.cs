using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Conference.Auth;
using Conference.Common;
using Conference.Users;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Conference.Server.Auth;

public sealed record TokenPair(string AccessToken, string RefreshToken, int ExpiresIn, string TokenType = "Bearer");

/// <summary>
/// Access tokens are short-lived JWTs (HMAC-SHA256); refresh tokens are "familyId.secret" where only a hash of
/// the secret is stored, in the family's grain, and each refresh rotates it.
/// </summary>
public sealed class TokenService(AuthOptions options, SymmetricSecurityKey key, IGrainFactory grains, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new();

    public SymmetricSecurityKey Key => key;

    public async Task<TokenPair> Issue(User user)
    {
        var familyId = ResourceIds.New();
        var secret = NewSecret();
        await grains.GetGrain<IRefreshTokenFamilyGrain>(familyId).Start(user.Id, HashSecret(secret), time.GetUtcNow() + options.RefreshTokenLifetime);
        return new TokenPair(await AccessToken(user), $"{familyId}.{secret}", (int)options.AccessTokenLifetime.TotalSeconds);
    }

    /// <summary>Rotates a refresh token; null when it is invalid, reused (the family is then revoked) or its user is gone.</summary>
    public async Task<TokenPair?> Refresh(string refreshToken)
    {
        if (!TryParse(refreshToken, out var familyId, out var secret)) return null;
        var next = NewSecret();
        var family = grains.GetGrain<IRefreshTokenFamilyGrain>(familyId);
        var result = await family.Rotate(HashSecret(secret), HashSecret(next), time.GetUtcNow() + options.RefreshTokenLifetime);
        if (result is not { Outcome: RefreshOutcome.Rotated, UserId: { } userId }) return null;
        if ((await grains.GetGrain<IUserGrain>(userId).Get()).Value is not { } user)
        {
            await family.Revoke();
            return null;
        }
        return new TokenPair(await AccessToken(user), $"{familyId}.{next}", (int)options.AccessTokenLifetime.TotalSeconds);
    }

    public async Task Revoke(string refreshToken)
    {
        if (TryParse(refreshToken, out var familyId, out _))
            await grains.GetGrain<IRefreshTokenFamilyGrain>(familyId).Revoke();
    }

    /// <summary>An access token carrying the account's current role and credentials stamp (see <see cref="AccountCheck"/>).</summary>
    public async Task<string> AccessToken(User user)
    {
        var standing = await grains.GetGrain<IUserGrain>(user.Id).GetStanding();
        var now = time.GetUtcNow().UtcDateTime;
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + options.AccessTokenLifetime,
            Subject = new ClaimsIdentity(
            [
                new Claim(Caller.SubjectClaim, user.Id),
                new Claim(Caller.RoleClaim, AccountCheck.RoleText(standing?.Role ?? user.Role)),
                new Claim(AccountCheck.StampClaim, standing?.Stamp ?? ""),
                new Claim("name", user.Name),
            ]),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
    }

    private static string NewSecret() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

    private static string HashSecret(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(secret)));

    private static bool TryParse(string token, out string familyId, out string secret)
    {
        var dot = token.IndexOf('.');
        familyId = dot > 0 ? token[..dot] : "";
        secret = dot > 0 ? token[(dot + 1)..] : "";
        return ResourceIds.IsWellFormed(familyId) && secret.Length is > 20 and < 100;
    }
}

using System.Collections.Concurrent;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Conference.Server.Auth;

/// <summary>
/// Validates each distinct access token once and reuses the result until the token expires: clients send the same
/// token on every request for 15 minutes, and re-verifying its HMAC and re-parsing its JSON was a measurable share
/// of a cached read (docs/benchmarks.md). Only successful validations are cached; the cache is bounded.
/// </summary>
public sealed class CachingTokenHandler(TimeProvider time) : JsonWebTokenHandler
{
    private const int Capacity = 50_000;
    private readonly ConcurrentDictionary<string, (TokenValidationResult Result, DateTime ExpiresUtc)> _validated = new(StringComparer.Ordinal);

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (_validated.TryGetValue(token, out var cached))
        {
            if (cached.ExpiresUtc > now) return cached.Result;
            _validated.TryRemove(token, out _);
        }
        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && result.SecurityToken is JsonWebToken jwt)
        {
            if (_validated.Count >= Capacity) _validated.Clear();
            // Expire from the cache slightly early so a token is never accepted past exp minus clock skew.
            _validated[token] = (result, jwt.ValidTo);
        }
        return result;
    }
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace Conference.Server.Auth;

public sealed record InviteInput(int? ExpiresInMinutes);

public sealed record RoomInvite(string Token, string RoomId, DateTimeOffset ExpiresAt);

/// <summary>
/// Invite links: "roomId.expiry.mac" where mac = HMAC-SHA256(signing key, "invite:roomId.expiry"). Anyone
/// holding one may join that room's call until it expires (the way a meeting link works); it grants nothing else.
/// </summary>
public sealed class RoomInvites(TokenService tokens, TimeProvider time)
{
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(1);
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(30);

    public RoomInvite Issue(string roomId, TimeSpan lifetime)
    {
        var expiresAt = time.GetUtcNow() + lifetime;
        var payload = $"{roomId}.{expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}";
        return new RoomInvite($"{payload}.{Mac(payload)}", roomId, DateTimeOffset.FromUnixTimeSeconds(expiresAt.ToUnixTimeSeconds()));
    }

    /// <summary>True when the token was issued by us for this room and has not expired.</summary>
    public bool IsValidFor(string? token, string roomId)
    {
        if (token is null || token.Length > 200) return false;
        var parts = token.Split('.');
        if (parts.Length != 3 || parts[0] != roomId || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var expiry))
            return false;
        var expected = Encoding.ASCII.GetBytes(Mac($"{parts[0]}.{parts[1]}"));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(parts[2]))
            && time.GetUtcNow().ToUnixTimeSeconds() < expiry;
    }

    private string Mac(string payload) =>
        Base64UrlEncoder.Encode(HMACSHA256.HashData(tokens.Key.Key, Encoding.UTF8.GetBytes("invite:" + payload)));
}

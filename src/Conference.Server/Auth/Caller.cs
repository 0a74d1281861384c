using System.Security.Claims;
using Conference.Server.Api;
using Conference.Users;

namespace Conference.Server.Auth;

/// <summary>Who is calling, from the validated access token.</summary>
public sealed record Caller(string UserId, UserRole Role)
{
    public const string RoleClaim = "role";
    public const string SubjectClaim = "sub";

    public bool IsAdmin => Role == UserRole.Admin;
    public bool IsGuest => Role == UserRole.Guest;

    public static Caller From(HttpContext http) => From(http.User);

    public static Caller From(ClaimsPrincipal principal)
    {
        var id = principal.FindFirstValue(SubjectClaim) ?? throw new InvalidOperationException("No authenticated caller.");
        var role = principal.FindFirstValue(RoleClaim) is { } text && JsonSetup.TryParseEnum<UserRole>(text, out var parsed) ? parsed : UserRole.Guest;
        return new Caller(id, role);
    }
}

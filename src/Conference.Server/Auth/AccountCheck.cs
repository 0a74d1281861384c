using System.Security.Claims;
using System.Text.Json;
using Conference.Common;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace Conference.Server.Auth;

/// <summary>
/// Runs after a token's signature and lifetime check, on every request and hub connection: the token must name an
/// account that still exists, whose password has not changed since, and the caller gets the account's role as it
/// is now (a demoted admin is a member on the next request), whatever role the token was issued with.
/// </summary>
public static class AccountCheck
{
    public const string StampClaim = "stamp";

    public static async Task Validate(TokenValidatedContext context)
    {
        var principal = context.Principal!;
        var userId = principal.FindFirstValue(Caller.SubjectClaim);
        if (userId is null || !ResourceIds.IsWellFormed(userId))
        {
            context.Fail("The token names no account.");
            return;
        }
        var standing = await context.HttpContext.RequestServices.GetRequiredService<AccountStandings>().Get(userId);
        if (standing is null)
        {
            context.Fail("The account no longer exists.");
            return;
        }
        if (principal.FindFirstValue(StampClaim) != standing.Stamp)
        {
            context.Fail("The password changed since this token was issued; log in again.");
            return;
        }
        var role = RoleText(standing.Role);
        if (principal.FindFirstValue(Caller.RoleClaim) == role) return;
        // A new principal: the validated one is cached and shared by concurrent requests with the same token.
        var identity = (ClaimsIdentity)principal.Identity!;
        var claims = identity.Claims.Where(c => c.Type != Caller.RoleClaim).Append(new Claim(Caller.RoleClaim, role));
        context.Principal = new ClaimsPrincipal(new ClaimsIdentity(claims, identity.AuthenticationType, identity.NameClaimType, identity.RoleClaimType));
    }

    public static string RoleText(Conference.Users.UserRole role) => JsonNamingPolicy.SnakeCaseLower.ConvertName(role.ToString());
}

using System.Globalization;
using Conference.Auth;
using Conference.Catalogs;
using Conference.Common;
using Conference.Grains.Catalogs;
using Conference.Grains.Observability;
using Conference.Projects;
using Conference.Server.Api;
using Conference.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Conference.Server.Auth;

/// <summary>/api/auth/* (anonymous, rate-limited per IP) and /api/me.</summary>
public static class AuthApi
{
    public const string RateLimitPolicy = "auth";

    public static RouteGroupBuilder MapAuthApi(this RouteGroupBuilder api)
    {
        var auth = api.MapGroup("/auth").WithTags("Auth").AllowAnonymous().RequireRateLimiting(RateLimitPolicy);
        auth.MapPost("/register", Register).WithName("Register").Accepts<RegisterInput>("application/json")
            .Produces<User>(StatusCodes.Status201Created).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
        auth.MapPost("/login", Login).WithName("Login").Accepts<LoginInput>("application/json")
            .Produces<TokenPair>().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status429TooManyRequests);
        auth.MapPost("/refresh", Refresh).WithName("Refresh").Accepts<RefreshInput>("application/json")
            .Produces<TokenPair>().ProducesProblem(StatusCodes.Status401Unauthorized);
        auth.MapPost("/logout", Logout).WithName("Logout").Accepts<RefreshInput>("application/json").Produces(StatusCodes.Status204NoContent);
        api.MapGet("/me", Me).WithTags("Auth").WithName("Me").Produces<MeResponse>();
        return api;
    }

    private static async Task<IResult> Register(HttpContext http, IGrainFactory grains, AuthOptions options)
    {
        var body = await RequestBody.Read<RegisterInput>(http.Request);
        if (body.Problem is { } problem) return problem;
        var input = body.Value!;
        var setup = grains.GetGrain<ISetupGrain>(ISetupGrain.Key);
        if (!options.AllowSelfRegistration && await setup.HasFirstAccount())
            return Problems.Status(StatusCodes.Status403Forbidden, "Forbidden", "Self-registration is switched off; ask an administrator.");
        if (PasswordPolicy.Check(input.Password) is { } weak) return Problems.Invalid("password", weak);

        var id = ResourceIds.New();
        var user = grains.GetGrain<IUserGrain>(id);
        var created = await user.Create(new UserInput(input.Name, input.Email, UserRole.Member), PasswordHasher.Hash(input.Password!));
        if (created.Error is { } error) return Problems.From(error);
        var result = created.Value!;
        // The first account of a fresh system administers it; the claim is made once per cluster.
        if (await setup.ClaimFirstAccount(id))
            result = (await user.Update(new UserInput(result.Name, result.Email, UserRole.Admin), result.Version, null)).Value ?? result;
        Preconditions.SetETag(http.Response, result);
        return TypedResults.Created($"/api/users/{id}", result);
    }

    private static async Task<IResult> Login(HttpContext http, IGrainFactory grains, TokenService tokens)
    {
        var body = await RequestBody.Read<LoginInput>(http.Request);
        if (body.Problem is { } problem) return problem;
        var (email, password) = (body.Value!.Email?.Trim().ToLowerInvariant() ?? "", body.Value.Password ?? "");
        if (email.Length is 0 or > 254) return Problems.Invalid("email", "'email' is required.");

        var guard = grains.GetGrain<ILoginGuardGrain>(email);
        if (await guard.RetryAfter() is { } wait)
        {
            ConferenceMetrics.RecordLogin("throttled");
            http.Response.Headers.RetryAfter = Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            return Problems.Status(StatusCodes.Status429TooManyRequests, "Too many attempts", "Too many failed logins for this account; try again later.");
        }
        // Unknown accounts go through the same derivation (against a dummy hash) as wrong passwords.
        var userId = await grains.GetGrain<IUserCatalogGrain>(CatalogKeys.All).FindByEmail(email);
        var credentials = userId is null ? null : await grains.GetGrain<IUserGrain>(userId).GetCredentials();
        if (!PasswordHasher.Verify(password, credentials?.PasswordHash) || credentials is null)
        {
            await guard.RecordFailure();
            ConferenceMetrics.RecordLogin("failed");
            return Problems.Status(StatusCodes.Status401Unauthorized, "Unauthorized", "Invalid email or password.");
        }
        await guard.RecordSuccess();
        ConferenceMetrics.RecordLogin("succeeded");
        return TypedResults.Ok(await tokens.Issue(credentials.User));
    }

    private static async Task<IResult> Refresh(HttpContext http, TokenService tokens)
    {
        var body = await RequestBody.Read<RefreshInput>(http.Request);
        if (body.Problem is { } problem) return problem;
        return await tokens.Refresh(body.Value!.RefreshToken ?? "") is { } pair
            ? TypedResults.Ok(pair)
            : Problems.Status(StatusCodes.Status401Unauthorized, "Unauthorized", "The refresh token is invalid, expired or revoked.");
    }

    private static async Task<IResult> Logout(HttpContext http, TokenService tokens)
    {
        var body = await RequestBody.Read<RefreshInput>(http.Request);
        if (body.Problem is { } problem) return problem;
        await tokens.Revoke(body.Value!.RefreshToken ?? "");
        return TypedResults.NoContent();
    }

    private static async Task<IResult> Me(HttpContext http, IGrainFactory grains)
    {
        var caller = Caller.From(http);
        if ((await grains.GetGrain<IUserGrain>(caller.UserId).Get()).Value is not { } user)
            return Problems.Status(StatusCodes.Status401Unauthorized, "Unauthorized", "The account no longer exists.");
        var memberships = new List<Membership>();
        foreach (var projectId in await CatalogPages.Ids(grains.GetGrain<IProjectCatalogGrain>(CatalogKeys.All), new ProjectFilter(MemberId: caller.UserId)))
        {
            var project = grains.GetGrain<IProjectGrain>(projectId);
            if ((await project.Get()).Value is { } p && (await project.GetAccess(caller.UserId)).Role is { } role)
                memberships.Add(new Membership(projectId, p.Name, role));
        }
        return TypedResults.Ok(new MeResponse(user, memberships));
    }
}

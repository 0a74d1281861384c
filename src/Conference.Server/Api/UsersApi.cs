using Conference.Catalogs;
using Conference.Common;
using Conference.Server.Auth;
using Conference.Users;

namespace Conference.Server.Api;

public static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users").WithTags("Users");

        users.MapGet("/", (HttpContext http, IGrainFactory grains) =>
            {
                if (UserPolicy.CanList(Caller.From(http)) is { } denied) return Task.FromResult(denied);
                var query = new ListQuery(http.Request);
                var filter = new UserFilter(query.Enum<UserRole>("role"));
                return ResourceHandlers.List(query,
                    page => grains.GetGrain<IUserCatalogGrain>(CatalogKeys.All).List(filter, page),
                    id => grains.GetGrain<IUserGrain>(id).Get());
            })
            .WithName("ListUsers").WithPaging(QueryParameter.Enum<UserRole>("role", "Only users with this role.")).Produces<Page<User>>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);

        users.MapPost("/", (HttpContext http, IGrainFactory grains) =>
                ResourceHandlers.Create<UserInput, User>(http, () => Task.FromResult(UserPolicy.CanManage(Caller.From(http))),
                    async (input, id) => PasswordProblem(input) is { } weak
                        ? (Result<User>)weak
                        : await grains.GetGrain<IUserGrain>(id).Create(input with { Password = null }, HashOf(input)),
                    id => $"/api/users/{id}"))
            .WithName("CreateUser").Accepts<UserInput>("application/json").Produces<User>(StatusCodes.Status201Created)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        users.MapGet("/{id}", (HttpContext http, string id, IGrainFactory grains) =>
                ResourceHandlers.Get(http, "User", id, () => Task.FromResult(UserPolicy.CanRead(Caller.From(http), id)),
                    key => grains.GetGrain<IUserGrain>(key).Get()))
            .WithName("GetUser").Produces<User>().ProducesProblem(StatusCodes.Status404NotFound);

        users.MapPut("/{id}", (HttpContext http, string id, IGrainFactory grains, AccountStandings standings) =>
                ResourceHandlers.Update<UserInput, User>(http, "User", id,
                    input => Task.FromResult(UserPolicy.CanUpdate(Caller.From(http), id, input)),
                    async (key, input, version) => PasswordProblem(input) is { } weak
                        ? (Result<User>)weak
                        : Changed(standings, key, await grains.GetGrain<IUserGrain>(key).Update(input with { Password = null }, version, HashOf(input)))))
            .WithName("ReplaceUser").Accepts<UserInput>("application/json").Produces<User>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);

        users.MapDelete("/{id}", (HttpContext http, string id, IGrainFactory grains, AccountStandings standings) =>
                ResourceHandlers.Delete(http, "User", id, () => Task.FromResult(UserPolicy.CanManage(Caller.From(http))),
                    async (key, version) => Changed(standings, key, await grains.GetGrain<IUserGrain>(key).Delete(version))))
            .WithName("DeleteUser").Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed);

        return api;
    }

    /// <summary>
    /// This gateway stops trusting what it cached about the account before answering, so the caller's next request
    /// sees the change; other gateways hear the user grain's announcement.
    /// </summary>
    private static Result<T> Changed<T>(AccountStandings standings, string userId, Result<T> result)
    {
        if (result.IsSuccess) standings.Forget(userId);
        return result;
    }

    private static ResourceError? PasswordProblem(UserInput input) =>
        input.Password is not null && PasswordPolicy.Check(input.Password) is { } problem ? ResourceError.Invalid("password", problem) : null;

    private static string? HashOf(UserInput input) => input.Password is { } password ? PasswordHasher.Hash(password) : null;
}

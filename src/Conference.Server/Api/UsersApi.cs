using Conference.Catalogs;
using Conference.Common;
using Conference.Users;

namespace Conference.Server.Api;

public static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users").WithTags("Users");

        users.MapGet("/", (HttpContext http, IGrainFactory grains) =>
            {
                var query = new ListQuery(http.Request);
                var filter = new UserFilter(query.Enum<UserRole>("role"));
                return ResourceHandlers.List(query,
                    page => grains.GetGrain<IUserCatalogGrain>(CatalogKeys.All).List(filter, page),
                    id => grains.GetGrain<IUserGrain>(id).Get());
            })
            .WithName("ListUsers").Produces<Page<User>>().ProducesValidationProblem();

        users.MapPost("/", (HttpContext http, IGrainFactory grains) =>
                ResourceHandlers.Create<UserInput, User>(http, (input, id) => grains.GetGrain<IUserGrain>(id).Create(input), id => $"/api/users/{id}"))
            .WithName("CreateUser").Accepts<UserInput>("application/json").Produces<User>(StatusCodes.Status201Created)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        users.MapGet("/{id}", (HttpContext http, string id, IGrainFactory grains) =>
                ResourceHandlers.Get(http, "User", id, key => grains.GetGrain<IUserGrain>(key).Get()))
            .WithName("GetUser").Produces<User>().ProducesProblem(StatusCodes.Status404NotFound);

        users.MapPut("/{id}", (HttpContext http, string id, IGrainFactory grains) =>
                ResourceHandlers.Update<UserInput, User>(http, "User", id, (key, input, version) => grains.GetGrain<IUserGrain>(key).Update(input, version)))
            .WithName("ReplaceUser").Accepts<UserInput>("application/json").Produces<User>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);

        users.MapDelete("/{id}", (HttpContext http, string id, IGrainFactory grains) =>
                ResourceHandlers.Delete(http, "User", id, (key, version) => grains.GetGrain<IUserGrain>(key).Delete(version)))
            .WithName("DeleteUser").Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed);

        return api;
    }
}

using Conference.Server.Auth;
using Conference.Tasks;

namespace Conference.Server.Api;

/// <summary>Watching is personal: the caller starts or stops watching a task they can see (guests too).</summary>
public static class WatchersApi
{
    public static void MapTaskWatchersApi(this RouteGroupBuilder tasks)
    {
        tasks.MapGet("/{id}/watchers", async (HttpContext http, string id, IGrainFactory grains, TaskPolicy policy) =>
                await policy.CanRead(Caller.From(http), id) is { } denied ? denied : Answer(await grains.GetGrain<ITaskGrain>(id).GetWatchers()))
            .WithTags("Watchers").WithName("ListTaskWatchers").Produces<IReadOnlyList<string>>().ProducesProblem(StatusCodes.Status404NotFound);

        tasks.MapPost("/{id}/watchers", async (HttpContext http, string id, IGrainFactory grains, TaskPolicy policy) =>
                await policy.CanRead(Caller.From(http), id) is { } denied
                    ? denied
                    : Answer(await grains.GetGrain<ITaskGrain>(id).SetWatching(Caller.From(http).UserId, true)))
            .WithTags("Watchers").WithName("WatchTask").Produces<IReadOnlyList<string>>().ProducesProblem(StatusCodes.Status404NotFound);

        tasks.MapDelete("/{id}/watchers", async (HttpContext http, string id, IGrainFactory grains, TaskPolicy policy) =>
            {
                if (await policy.CanRead(Caller.From(http), id) is { } denied) return denied;
                var result = await grains.GetGrain<ITaskGrain>(id).SetWatching(Caller.From(http).UserId, false);
                return result.Error is { } error ? Problems.From(error) : TypedResults.NoContent();
            })
            .WithTags("Watchers").WithName("UnwatchTask").Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static IResult Answer(Conference.Common.Result<IReadOnlyList<string>> result) =>
        result.Error is { } error ? Problems.From(error) : TypedResults.Ok(result.Value);
}

using Conference.Common;
using Conference.Presence;

namespace Conference.Server.Api;

/// <summary>GET /api/presence?userIds=a,b — who is online, away or in a call, and when they were last seen.</summary>
public static class PresenceApi
{
    private const int MaxUsers = 100;

    public static RouteGroupBuilder MapPresenceApi(this RouteGroupBuilder api)
    {
        api.MapGet("/presence", async (HttpContext http, IGrainFactory grains) =>
            {
                var ids = http.Request.Query["userIds"].ToString()
                    .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
                if (ids.Count is 0 or > MaxUsers || !ids.All(ResourceIds.IsWellFormed))
                    return Problems.Invalid("userIds", $"'userIds' must list 1 to {MaxUsers} user ids, comma-separated.");
                var presence = await Task.WhenAll(ids.Select(id => grains.GetGrain<IPresenceGrain>(id).Get()));
                return TypedResults.Ok(presence);
            })
            .WithTags("Meetings").WithName("GetPresence").Produces<UserPresence[]>().ProducesValidationProblem();
        return api;
    }
}

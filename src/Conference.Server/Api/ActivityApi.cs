using Conference.Activity;
using Conference.Common;
using Conference.Server.Auth;

namespace Conference.Server.Api;

public static class ActivityApi
{
    public static RouteGroupBuilder MapActivityApi(this RouteGroupBuilder api)
    {
        api.MapGet("/tasks/{id}/history", async (HttpContext http, string id, IGrainFactory grains, TaskPolicy policy) =>
            {
                var (task, denied) = await policy.Read(Caller.From(http), id);
                if (denied is not null) return denied;
                return await ListQuery.Paged(http, page => grains.GetGrain<IActivityLogGrain>(task!.ProjectId).List(id, page));
            })
            .WithTags("Activity").WithName("GetTaskHistory").WithPaging().Produces<Page<ActivityEntry>>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/projects/{id}/activity", async (HttpContext http, string id, IGrainFactory grains, ProjectPolicy policy) =>
                await policy.CanRead(Caller.From(http), id) is { } denied
                    ? denied
                    : await ListQuery.Paged(http, page => grains.GetGrain<IActivityLogGrain>(id).List(null, page)))
            .WithTags("Activity").WithName("GetProjectActivity").WithPaging().Produces<Page<ActivityEntry>>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        return api;
    }
}

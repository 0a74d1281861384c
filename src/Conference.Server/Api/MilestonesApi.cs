using Conference.Catalogs;
using Conference.Common;
using Conference.Milestones;
using Conference.Server.Auth;

namespace Conference.Server.Api;

public static class MilestonesApi
{
    public static RouteGroupBuilder MapMilestonesApi(this RouteGroupBuilder api)
    {
        var projects = api.MapGroup("/projects").WithTags("Milestones");

        projects.MapGet("/{id}/milestones", async (HttpContext http, string id, IGrainFactory grains, ProjectPolicy policy) =>
            {
                if (await policy.CanRead(Caller.From(http), id) is { } denied) return denied;
                var query = new ListQuery(http.Request);
                var filter = new MilestoneFilter(query.Enum<MilestoneStatus>("status"));
                return await ResourceHandlers.List(query,
                    page => grains.GetGrain<IMilestoneCatalogGrain>(id).List(filter, page),
                    milestoneId => grains.GetGrain<IMilestoneGrain>(milestoneId).Get());
            })
            .WithName("ListProjectMilestones").WithPaging(QueryParameter.Enum<MilestoneStatus>("status", "Only milestones in this status.")).Produces<Page<Milestone>>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        projects.MapPost("/{id}/milestones", (HttpContext http, string id, IGrainFactory grains, ProjectPolicy policy) =>
                ResourceHandlers.Create<MilestoneInput, Milestone>(http, () => policy.CanWrite(Caller.From(http), id),
                    (input, milestoneId) => grains.GetGrain<IMilestoneGrain>(milestoneId).Create(id, input), milestoneId => $"/api/milestones/{milestoneId}"))
            .WithName("CreateMilestone").Accepts<MilestoneInput>("application/json").Produces<Milestone>(StatusCodes.Status201Created)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        var milestones = api.MapGroup("/milestones").WithTags("Milestones");

        milestones.MapGet("/{id}", (HttpContext http, string id, IGrainFactory grains, MilestonePolicy policy) =>
                ResourceHandlers.Get(http, "Milestone", id, () => policy.CanRead(Caller.From(http), id), key => grains.GetGrain<IMilestoneGrain>(key).Get()))
            .WithName("GetMilestone").Produces<Milestone>().ProducesProblem(StatusCodes.Status404NotFound);

        milestones.MapPut("/{id}", (HttpContext http, string id, IGrainFactory grains, MilestonePolicy policy) =>
                ResourceHandlers.Update<MilestoneInput, Milestone>(http, "Milestone", id, _ => policy.CanWrite(Caller.From(http), id),
                    (key, input, version) => grains.GetGrain<IMilestoneGrain>(key).Update(input, version)))
            .WithName("ReplaceMilestone").Accepts<MilestoneInput>("application/json").Produces<Milestone>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);

        milestones.MapDelete("/{id}", (HttpContext http, string id, IGrainFactory grains, MilestonePolicy policy) =>
                ResourceHandlers.Delete(http, "Milestone", id, () => policy.CanWrite(Caller.From(http), id),
                    (key, version) => grains.GetGrain<IMilestoneGrain>(key).Delete(version)))
            .WithName("DeleteMilestone").Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed);

        return api;
    }
}

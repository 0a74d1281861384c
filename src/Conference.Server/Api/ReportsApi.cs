using Conference.Common;
using Conference.Reports;
using Conference.Server.Auth;

namespace Conference.Server.Api;

/// <summary>Reports and the roadmap: read-only views over a project, for whoever may read the project.</summary>
public static class ReportsApi
{
    public const int MaxBurndownDays = 366;
    public const int DefaultBurndownDays = 14;

    public static RouteGroupBuilder MapReportsApi(this RouteGroupBuilder api)
    {
        var projects = api.MapGroup("/projects/{id}").WithTags("Reports");

        projects.MapGet("/report", (HttpContext http, string id, IGrainFactory grains, ProjectPolicy policy) =>
                Report(http, id, policy, () => grains.GetGrain<IProjectReportsGrain>(id).Summary()))
            .WithName("GetProjectReport").Produces<ProjectReport>().ProducesProblem(StatusCodes.Status404NotFound);

        projects.MapGet("/report/burndown", (HttpContext http, string id, IGrainFactory grains, ProjectPolicy policy, TimeProvider time) =>
            {
                var query = new ListQuery(http.Request);
                var to = query.Date("to") ?? DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
                var from = query.Date("from") ?? DateOnly.FromDayNumber(Math.Max(0, to.DayNumber + 1 - DefaultBurndownDays));
                if (from > to) query.Reject("from", "'from' must not be after 'to'.");
                else if (to.DayNumber - from.DayNumber >= MaxBurndownDays) query.Reject("from", $"A burndown spans at most {MaxBurndownDays} days.");
                return Report(http, id, policy, () => grains.GetGrain<IProjectReportsGrain>(id).Burndown(from, to), query);
            })
            .WithName("GetProjectBurndown").WithQuery(QueryParameter.Date("from", "First day (default: 13 days before to)."), QueryParameter.Date("to", "Last day (default: today, UTC).")).Produces<IReadOnlyList<BurndownDay>>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        projects.MapGet("/report/velocity", (HttpContext http, string id, IGrainFactory grains, ProjectPolicy policy) =>
            {
                var query = new ListQuery(http.Request);
                var weeks = query.Int("weeks", 1, 52) ?? 8;
                return Report(http, id, policy, () => grains.GetGrain<IProjectReportsGrain>(id).Velocity(weeks), query);
            })
            .WithName("GetProjectVelocity").WithQuery(QueryParameter.Integer("weeks", "ISO weeks, 1–52 (default 8).")).Produces<IReadOnlyList<VelocityWeek>>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        projects.MapGet("/report/cycle-time", (HttpContext http, string id, IGrainFactory grains, ProjectPolicy policy) =>
                Report(http, id, policy, () => grains.GetGrain<IProjectReportsGrain>(id).CycleTime()))
            .WithName("GetProjectCycleTime").Produces<CycleTimeReport>().ProducesProblem(StatusCodes.Status404NotFound);

        projects.MapGet("/roadmap", (HttpContext http, string id, IGrainFactory grains, ProjectPolicy policy) =>
                Report(http, id, policy, () => grains.GetGrain<IProjectReportsGrain>(id).Roadmap()))
            .WithTags("Milestones").WithName("GetProjectRoadmap").Produces<IReadOnlyList<RoadmapMilestone>>().ProducesProblem(StatusCodes.Status404NotFound);

        return api;
    }

    /// <summary>Authorizes (404 before any 400, so a hidden project never reveals itself), then validates, then computes.</summary>
    private static async Task<IResult> Report<T>(HttpContext http, string id, ProjectPolicy policy, Func<Task<Result<T>>> compute, ListQuery? query = null)
    {
        if (await policy.CanRead(Caller.From(http), id) is { } denied) return denied;
        if (query?.Problem is { } problem) return problem;
        var result = await compute();
        return result.Error is { } error ? Problems.From(error) : TypedResults.Ok(result.Value);
    }
}

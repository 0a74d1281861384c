using Conference.Projects;
using Conference.Server.Auth;
using Conference.Workflows;

namespace Conference.Server.Api;

/// <summary>A project's workflow: readers see it, owners (and admins) replace it.</summary>
public static class WorkflowsApi
{
    public static RouteGroupBuilder MapWorkflowsApi(this RouteGroupBuilder api)
    {
        var projects = api.MapGroup("/projects").WithTags("Workflows");

        projects.MapGet("/{id}/workflow", (HttpContext http, string id, IGrainFactory grains, ProjectPolicy policy) =>
                ResourceHandlers.Get(http, "Project", id, () => policy.CanRead(Caller.From(http), id), key => grains.GetGrain<IProjectGrain>(key).GetWorkflow()))
            .WithName("GetProjectWorkflow").Produces<Workflow>().ProducesProblem(StatusCodes.Status404NotFound);

        projects.MapPut("/{id}/workflow", (HttpContext http, string id, IGrainFactory grains, ProjectPolicy policy) =>
                ResourceHandlers.Update<WorkflowInput, Workflow>(http, "Project", id, _ => policy.CanAdminister(Caller.From(http), id),
                    (key, input, version) => grains.GetGrain<IProjectGrain>(key).SetWorkflow(input, version, Caller.From(http).UserId)))
            .WithName("ReplaceProjectWorkflow").Accepts<WorkflowInput>("application/json").Produces<Workflow>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);

        return api;
    }
}

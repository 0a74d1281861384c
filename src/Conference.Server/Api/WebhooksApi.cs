using Conference.Common;
using Conference.Server.Auth;
using Conference.Webhooks;

namespace Conference.Server.Api;

/// <summary>
/// A project's webhooks and their deliveries: project owners and admins only (members and guests get 403, callers
/// who cannot see the project 404). A webhook of another project is 404 under this one.
/// </summary>
public static class WebhooksApi
{
    public static RouteGroupBuilder MapWebhooksApi(this RouteGroupBuilder api)
    {
        var projects = api.MapGroup("/projects").WithTags("Webhooks");

        projects.MapGet("/{id}/webhooks", async (HttpContext http, string id, IGrainFactory grains, ProjectPolicy policy) =>
                await policy.CanAdminister(Caller.From(http), id) is { } denied
                    ? denied
                    : await ListQuery.Paged(http, page => Webhooks(grains, id).List(page)))
            .WithName("ListProjectWebhooks").WithPaging().Produces<Page<Webhook>>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);

        projects.MapPost("/{id}/webhooks", (HttpContext http, string id, IGrainFactory grains, ProjectPolicy policy) =>
                ResourceHandlers.Create<WebhookInput, Webhook>(http, () => policy.CanAdminister(Caller.From(http), id),
                    (input, webhookId) => Webhooks(grains, id).Create(webhookId, input, Caller.From(http).UserId),
                    webhookId => $"/api/projects/{id}/webhooks/{webhookId}"))
            .WithName("CreateProjectWebhook").Accepts<WebhookInput>("application/json").Produces<Webhook>(StatusCodes.Status201Created)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        projects.MapGet("/{id}/webhooks/{webhookId}", (HttpContext http, string id, string webhookId, IGrainFactory grains, ProjectPolicy policy) =>
                ResourceHandlers.Get(http, "Webhook", webhookId, () => policy.CanAdminister(Caller.From(http), id), key => Webhooks(grains, id).Get(key)))
            .WithName("GetProjectWebhook").Produces<Webhook>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);

        projects.MapDelete("/{id}/webhooks/{webhookId}", (HttpContext http, string id, string webhookId, IGrainFactory grains, ProjectPolicy policy) =>
                ResourceHandlers.Delete(http, "Webhook", webhookId, () => policy.CanAdminister(Caller.From(http), id),
                    (key, version) => Webhooks(grains, id).Delete(key, version)))
            .WithName("DeleteProjectWebhook").Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed);

        projects.MapGet("/{id}/webhooks/{webhookId}/deliveries", async (HttpContext http, string id, string webhookId, IGrainFactory grains, ProjectPolicy policy) =>
            {
                if (await policy.CanAdminister(Caller.From(http), id) is { } denied) return denied;
                if (!ResourceIds.IsWellFormed(webhookId)) return Problems.NotFound("Webhook", webhookId);
                if ((await Webhooks(grains, id).Get(webhookId)).Error is { } missing) return Problems.From(missing);
                return await ListQuery.Paged(http, page => grains.GetGrain<IWebhookDeliveryGrain>(webhookId).List(page));
            })
            .WithName("ListWebhookDeliveries").WithPaging().Produces<Page<WebhookDelivery>>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);

        return api;
    }

    private static IProjectWebhooksGrain Webhooks(IGrainFactory grains, string projectId) => grains.GetGrain<IProjectWebhooksGrain>(projectId);
}

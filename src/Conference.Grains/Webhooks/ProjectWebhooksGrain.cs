using Conference.Common;
using Conference.Grains.Catalogs;
using Conference.Grains.Observability;
using Conference.ProjectEvents;
using Conference.Webhooks;

namespace Conference.Grains.Webhooks;

[Placement.RequiresRole("core")]
public sealed class ProjectWebhooksGrain(
    [PersistentState("projectWebhooks", StorageNames.Store)] IPersistentState<SequencedList<WebhookRegistration>> state,
    TimeProvider time) : Grain, IProjectWebhooksGrain
{
    /// <summary>Webhooks per project: each event costs one outbox write per subscribed webhook.</summary>
    public const int MaxPerProject = 20;

    private string ProjectId => this.GetPrimaryKeyString();

    public async Task<Result<Webhook>> Create(string webhookId, WebhookInput input, string? actorId)
    {
        if (Find(webhookId) is not null) return ResourceError.Conflict($"Webhook '{webhookId}' already exists.");
        var (registration, invalid) = WebhookValidation.Check(webhookId, ProjectId, input, actorId, time.GetUtcNow());
        if (invalid is not null) return invalid;
        if (state.State.Entries.Count >= MaxPerProject) return ResourceError.Conflict($"A project has at most {MaxPerProject} webhooks.");
        if (await Write(state.State.Append([registration!])) is { } failed) return failed;
        ConferenceMetrics.RecordCreated("webhook");
        return registration!.Webhook;
    }

    public Task<Result<Webhook>> Get(string webhookId) =>
        Task.FromResult<Result<Webhook>>(Find(webhookId) is { } found ? found.Webhook : ResourceError.NotFound("Webhook", webhookId));

    public Task<Page<Webhook>> List(PageRequest page)
    {
        var registrations = state.State.Page(page);
        return Task.FromResult(new Page<Webhook>(registrations.Items.Select(r => r.Webhook).ToList(), registrations.NextCursor));
    }

    public async Task<Result<long>> Delete(string webhookId, long? expectedVersion)
    {
        if (Find(webhookId) is not { } found) return ResourceError.NotFound("Webhook", webhookId);
        if (expectedVersion is { } expected && expected != found.Webhook.Version) return ResourceError.Stale(expected, found.Webhook.Version);
        if (await Write(state.State.Remove(r => r.Webhook.Id == webhookId)) is { } failed) return failed;
        await GrainFactory.GetGrain<IWebhookDeliveryGrain>(webhookId).Clear();
        ConferenceMetrics.RecordDeleted("webhook");
        return found.Webhook.Version;
    }

    public Task Dispatch(ProjectEvent projectEvent) =>
        Task.WhenAll(state.State.Items
            .Where(r => r.Webhook.Events.Contains(projectEvent.Type))
            .Select(r => GrainFactory.GetGrain<IWebhookDeliveryGrain>(r.Webhook.Id).Enqueue(ProjectId, r.Target, projectEvent)));

    private WebhookRegistration? Find(string webhookId) => state.State.Items.FirstOrDefault(r => r.Webhook.Id == webhookId);

    private async Task<ResourceError?> Write(SequencedList<WebhookRegistration> next)
    {
        try
        {
            await state.Write(next);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ResourceError.Unavailable($"Storage is unavailable: {ex.GetType().Name}.");
        }
    }
}

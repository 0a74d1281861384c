using Conference.Common;
using Conference.Grains.Catalogs;
using Conference.ProjectEvents;
using Conference.Webhooks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Conference.Grains.Webhooks;

/// <summary>
/// One webhook's outbox. An attempt runs on the thread pool, not in the grain's turn, so a slow receiver never holds
/// up the publishers that enqueue; its outcome comes back as a grain call. A one-shot timer makes each retry on time
/// (exponential backoff); the reminder, registered while anything is pending, reactivates the grain after a restart.
/// </summary>
[Placement.RequiresRole("core")]
public sealed class WebhookDeliveryGrain(
    [PersistentState("webhookDeliveries", StorageNames.Store)] IPersistentState<WebhookDeliveryState> state,
    IWebhookTransport transport, IOptions<WebhookOptions> options, TimeProvider time, ILogger<WebhookDeliveryGrain> logger)
    : Grain, IWebhookDeliveryGrain, IRemindable
{
    private const string ReminderName = "webhook-deliveries";
    private string? _inFlight;
    private DateTimeOffset _inFlightSince;
    private IGrainTimer? _timer;
    private bool _reminderSet;

    private WebhookOptions Options => options.Value;

    private string WebhookId => this.GetPrimaryKeyString();

    /// <summary>An attempt whose outcome never came back (its silo stopped mid-way) is retried after this long.</summary>
    private bool Sending => _inFlight is not null && time.GetUtcNow() - _inFlightSince < Options.Timeout * 2 + TimeSpan.FromSeconds(30);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Outbox.Count == 0) return;
        await EnsureReminder();
        Schedule();
    }

    public async Task Enqueue(string projectId, WebhookTarget target, ProjectEvent projectEvent)
    {
        var now = time.GetUtcNow();
        var id = ResourceIds.New();
        // The body is fixed now: every retry sends the same bytes under the same delivery id.
        var payload = new WebhookPayload(id, projectEvent.Type, projectEvent.OccurredAt, projectId, projectEvent.Data);
        var outbox = new List<PendingDelivery>(state.State.Outbox) { new(payload, NextAttemptAt: now, Attempts: 0) };
        var log = state.State.Log.Append(
            [new WebhookDelivery(id, WebhookId, projectEvent.Type, WebhookDeliveryStatus.Pending, 0, null, null, now, null, now, null)]);
        while (outbox.Count > Options.MaxPending)
        {
            var dropped = outbox[0].Payload.Id;
            outbox.RemoveAt(0);
            log = log.Replace(d => d.Id == dropped, d => Finish(d, WebhookDeliveryStatus.Failed, now) with { LastError = "Given up: too many pending deliveries." });
            WebhookMetrics.RecordGivenUp();
        }
        await Save(state.State with { Target = target, Outbox = outbox, Log = Trimmed(log, outbox.Count) });
        await EnsureReminder();
        Schedule();
    }

    public Task<Page<WebhookDelivery>> List(PageRequest page) => Task.FromResult(state.State.Log.Page(page));

    public async Task RecordAttempt(WebhookAttempt attempt)
    {
        if (_inFlight == attempt.DeliveryId) _inFlight = null;
        try
        {
            if (state.State.Outbox.FirstOrDefault(p => p.Payload.Id == attempt.DeliveryId) is not { } pending) return;
            var attempts = pending.Attempts + 1;
            var done = attempt.Succeeded || attempts >= Options.MaxAttempts;
            var nextAt = attempt.At + Options.RetryDelay(attempts);
            var outbox = done
                ? state.State.Outbox.Where(p => p.Payload.Id != attempt.DeliveryId).ToList()
                : state.State.Outbox.Select(p => p.Payload.Id == attempt.DeliveryId ? p with { Attempts = attempts, NextAttemptAt = nextAt } : p).ToList();
            var status = attempt.Succeeded ? WebhookDeliveryStatus.Succeeded : done ? WebhookDeliveryStatus.Failed : WebhookDeliveryStatus.Pending;
            var log = state.State.Log.Replace(d => d.Id == attempt.DeliveryId, d =>
            {
                var tried = d with
                {
                    Attempts = attempts, LastStatusCode = attempt.StatusCode, LastError = attempt.Error, LastAttemptAt = attempt.At,
                    NextAttemptAt = nextAt,
                };
                return done ? Finish(tried, status, attempt.At) : tried;
            });
            await Save(state.State with { Outbox = outbox, Log = Trimmed(log, outbox.Count) });
            WebhookMetrics.RecordAttempt(attempt.Succeeded);
            if (attempt.Succeeded) WebhookMetrics.RecordDelivered();
            else if (done) WebhookMetrics.RecordGivenUp();
            if (outbox.Count == 0) await DropReminder();
        }
        finally
        {
            Schedule();
        }
    }

    public async Task Clear()
    {
        _timer?.Dispose();
        _timer = null;
        _inFlight = null;
        if (state.RecordExists) await state.ClearStateAsync();
        state.State = new WebhookDeliveryState();
        await DropReminder();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (state.State.Outbox.Count == 0) await DropReminder();
        else Schedule();
    }

    /// <summary>Arms the one-shot timer for the earliest pending delivery (now, if it is due), unless an attempt is out.</summary>
    private void Schedule()
    {
        _timer?.Dispose();
        _timer = null;
        if (state.State.Outbox.Count == 0 || Sending) return;
        var due = state.State.Outbox.Min(p => p.NextAttemptAt) - time.GetUtcNow();
        _timer = this.RegisterGrainTimer(_ => StartAttempt(), due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    private Task StartAttempt()
    {
        var now = time.GetUtcNow();
        if (Sending || state.State.Target is not { } target
            || state.State.Outbox.Where(p => p.NextAttemptAt <= now).MinBy(p => p.NextAttemptAt) is not { } next)
        {
            Schedule();
            return Task.CompletedTask;
        }
        _inFlight = next.Payload.Id;
        _inFlightSince = now;
        var self = this.AsReference<IWebhookDeliveryGrain>();
        _ = Task.Run(() => Attempt(self, target, next.Payload));
        return Task.CompletedTask;
    }

    /// <summary>Runs on the thread pool: sends, then reports to the grain (a regular call, queued like any other).</summary>
    private async Task Attempt(IWebhookDeliveryGrain self, WebhookTarget target, WebhookPayload payload)
    {
        WebhookAttempt outcome;
        try
        {
            using var deadline = new CancellationTokenSource(Options.Timeout + TimeSpan.FromSeconds(5));
            outcome = await transport.Send(target, payload, deadline.Token);
        }
        catch (Exception ex)
        {
            outcome = new WebhookAttempt(payload.Id, false, null, $"The delivery failed: {ex.GetType().Name}.", time.GetUtcNow());
        }
        try
        {
            await self.RecordAttempt(outcome);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "The outcome of webhook delivery {Delivery} could not be recorded; it will be retried.", payload.Id);
        }
    }

    private static WebhookDelivery Finish(WebhookDelivery delivery, WebhookDeliveryStatus status, DateTimeOffset at) =>
        delivery with { Status = status, NextAttemptAt = null, CompletedAt = at };

    /// <summary>Keeps every pending delivery and the newest finished ones.</summary>
    private SequencedList<WebhookDelivery> Trimmed(SequencedList<WebhookDelivery> log, int pending)
    {
        var excess = log.Entries.Count - (Options.KeepDeliveries + pending);
        if (excess <= 0) return log;
        var dropped = log.Entries.Where(e => e.Item.Status != WebhookDeliveryStatus.Pending).Take(excess).Select(e => e.Sequence).ToHashSet();
        return log with { Entries = log.Entries.Where(e => !dropped.Contains(e.Sequence)).ToList() };
    }

    private Task Save(WebhookDeliveryState next) => state.Write(next);

    // The reminder is the restart guarantee; without it the timer still retries, so a failure here is only logged.
    private async Task EnsureReminder()
    {
        if (_reminderSet) return;
        try
        {
            await this.RegisterOrUpdateReminder(ReminderName, Options.ReminderPeriod, Options.ReminderPeriod);
            _reminderSet = true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Webhook {Webhook}: the delivery reminder could not be registered.", WebhookId);
        }
    }

    private async Task DropReminder()
    {
        try
        {
            if (await this.GetReminder(ReminderName) is { } reminder) await this.UnregisterReminder(reminder);
            _reminderSet = false;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Webhook {Webhook}: the delivery reminder could not be removed.", WebhookId);
        }
    }
}

using System.Diagnostics.Metrics;
using Conference.Grains.Observability;

namespace Conference.Grains.Webhooks;

/// <summary>Webhook delivery counters, on the Conference meter (exported at /metrics).</summary>
public static class WebhookMetrics
{
    private static readonly Meter Meter = new(ConferenceMetrics.MeterName);
    private static readonly Counter<long> Attempted = Meter.CreateCounter<long>("conference.webhooks.attempts", description: "Webhook delivery attempts");
    private static readonly Counter<long> Succeeded = Meter.CreateCounter<long>("conference.webhooks.delivered", description: "Webhook deliveries that succeeded");
    private static readonly Counter<long> Failed = Meter.CreateCounter<long>("conference.webhooks.failed", description: "Webhook deliveries given up after their last attempt");

    public static void RecordAttempt(bool succeeded) => Attempted.Add(1, new KeyValuePair<string, object?>("outcome", succeeded ? "success" : "failure"));
    public static void RecordDelivered() => Succeeded.Add(1);
    public static void RecordGivenUp() => Failed.Add(1);
}

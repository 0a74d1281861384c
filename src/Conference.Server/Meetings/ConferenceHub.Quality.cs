using System.Diagnostics.Metrics;
using Conference.Grains.Observability;
using Microsoft.AspNetCore.SignalR;

namespace Conference.Server.Meetings;

/// <summary>
/// What a participant's browser saw of the video it receives since its previous report (the growth of `freezeCount`
/// and `totalFreezesDuration` over its subscriber connection's inbound video, from `getStats()`); docs/protocol.md.
/// </summary>
public sealed record ReceiveQualityInput(int? Freezes, double? FreezeSeconds);

public sealed partial class ConferenceHub
{
    private const int MaxFreezesPerReport = 10_000;
    private const double MaxFreezeSecondsPerReport = 3_600;

    private static readonly Meter QualityMeter = new(ConferenceMetrics.MeterName);
    private static readonly Counter<long> ClientFreezes = QualityMeter.CreateCounter<long>("conference.meetings.client_freezes",
        description: "Video freezes participants' browsers reported on what they receive (getStats freezeCount growth)");
    private static readonly Counter<double> ClientFreezeSeconds = QualityMeter.CreateCounter<double>("conference.meetings.client_freeze_duration",
        unit: "s", description: "Time video froze at participants' browsers, as they reported it (getStats totalFreezesDuration growth)");

    /// <summary>
    /// Client-reported receive quality for the metrics only (nothing is stored or forwarded): the freezes since the
    /// caller's previous report. Counted without room or participant labels (docs/operations.md).
    /// </summary>
    public Task ReportReceiveQuality(ReceiveQualityInput report)
    {
        Membership();
        if (report is null) throw new HubException("'report' is required: {freezes, freezeSeconds}.");
        if (report.Freezes is not (>= 0 and <= MaxFreezesPerReport))
            throw new HubException($"'freezes' must be between 0 and {MaxFreezesPerReport} (freezes since the previous report).");
        if (report.FreezeSeconds is not { } seconds || !double.IsFinite(seconds) || seconds < 0 || seconds > MaxFreezeSecondsPerReport)
            throw new HubException($"'freezeSeconds' must be between 0 and {MaxFreezeSecondsPerReport} (seconds frozen since the previous report).");
        if (report.Freezes > 0) ClientFreezes.Add(report.Freezes.Value);
        if (seconds > 0) ClientFreezeSeconds.Add(seconds);
        return Task.CompletedTask;
    }
}

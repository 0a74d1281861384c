using System.Diagnostics.Metrics;
using Conference.Grains.Observability;

namespace Conference.Server.Attachments;

/// <summary>Upload counters, on the same "Conference" meter that /metrics exports.</summary>
public static class AttachmentMetrics
{
    private static readonly Meter Meter = new(ConferenceMetrics.MeterName);
    private static readonly Counter<long> Uploads = Meter.CreateCounter<long>("conference.attachments.uploads", description: "Attachments stored");
    private static readonly Counter<long> Bytes = Meter.CreateCounter<long>("conference.attachments.bytes", unit: "By", description: "Attachment bytes stored");

    public static void RecordUpload(long size)
    {
        Uploads.Add(1);
        Bytes.Add(size);
    }
}

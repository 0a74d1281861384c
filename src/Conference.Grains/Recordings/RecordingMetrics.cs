using System.Diagnostics.Metrics;
using Conference.Grains.Observability;

namespace Conference.Grains.Recordings;

/// <summary>Recording instruments, on the "Conference" meter that /metrics exports.</summary>
public static class RecordingMetrics
{
    private static readonly Meter Meter = new(ConferenceMetrics.MeterName);
    private static readonly UpDownCounter<long> Active = Meter.CreateUpDownCounter<long>("conference.recordings.active", description: "Recordings being written on this silo");
    private static readonly Counter<long> Written = Meter.CreateCounter<long>("conference.recordings.bytes_written", unit: "By", description: "Recording bytes written (muxed)");
    private static readonly Counter<long> Uploaded = Meter.CreateCounter<long>("conference.recordings.bytes_uploaded", unit: "By", description: "Recording bytes uploaded to object storage");
    private static readonly Counter<long> UploadFailures = Meter.CreateCounter<long>("conference.recordings.upload_failures", description: "Failed uploads of recording parts or files");
    private static readonly Counter<long> Overflows = Meter.CreateCounter<long>("conference.recordings.queue_overflows", description: "RTP packets a recording's full queue dropped");

    public static void RecordingStarted() => Active.Add(1);
    public static void RecordingEnded() => Active.Add(-1);
    public static void BytesWritten(long bytes) { if (bytes > 0) Written.Add(bytes); }
    public static void BytesUploaded(long bytes) => Uploaded.Add(bytes);
    public static void UploadFailed() => UploadFailures.Add(1);
    public static void QueueOverflowed(long packets) { if (packets > 0) Overflows.Add(packets); }
}

using System.Diagnostics.Metrics;
using Conference.Media.Sfu;

namespace Conference.Server.Media;

/// <summary>The SFU's data-channel relay totals (all rooms of this silo) as metrics, next to the forwarding ones.</summary>
internal static class DataChannelMetrics
{
    public static void Register(Meter meter, DataChannelRelayCounters c)
    {
        meter.CreateObservableCounter("conference.sfu.data_messages", () => new[]
        {
            new Measurement<long>(c.MessagesReceived, new KeyValuePair<string, object?>("direction", "received")),
            new Measurement<long>(c.MessagesRelayed, new KeyValuePair<string, object?>("direction", "relayed")),
        }, description: "Data-channel messages received from publishers, and copies relayed to subscribers");
        meter.CreateObservableCounter("conference.sfu.data_bytes", () => new[]
        {
            new Measurement<long>(c.BytesReceived, new KeyValuePair<string, object?>("direction", "received")),
            new Measurement<long>(c.BytesRelayed, new KeyValuePair<string, object?>("direction", "relayed")),
        }, unit: "By", description: "Data-channel bytes received from publishers and relayed to subscribers");
        meter.CreateObservableCounter("conference.sfu.data_dropped", () => new[]
        {
            new Measurement<long>(c.LossyDropped, new KeyValuePair<string, object?>("channel", "lossy")),
            new Measurement<long>(c.ReliableDropped, new KeyValuePair<string, object?>("channel", "reliable")),
        }, description: "Data-channel messages not delivered to one subscriber (over its bound, or its channel closed)");
        meter.CreateObservableCounter("conference.sfu.data_channels_closed", () => new[]
        {
            new Measurement<long>(c.ReliableChannelsClosed, new KeyValuePair<string, object?>("reason", "subscriber_too_slow")),
            new Measurement<long>(c.ChannelsRejected, new KeyValuePair<string, object?>("reason", "rejected")),
        }, description: "Data channels the SFU closed: a subscriber's reliable channel over its bound, a publisher channel it cannot route");
    }
}

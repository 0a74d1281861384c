using System.Text.Json;

namespace Conference.EndToEnd.Tests.Meetings;

/// <summary>What the simulcast tests look at through a participant's page: the received layer, hub results, a paused encoding.</summary>
public static class SimulcastChecks
{
    public static Task<JsonElement> ReceivedAsync(ChromiumParticipant at, string trackId) =>
        at.EvaluateAsync("t => meeting.receivedVideo(t)", trackId);

    /// <summary>Waits until the received video of that track has a frame width <paramref name="done"/> accepts.</summary>
    public static Task<JsonElement> WidthAsync(ChromiumParticipant at, string trackId, Func<int, bool> done, TimeSpan timeout, string what) =>
        Poll.UntilAsync(() => ReceivedAsync(at, trackId),
            r => r.ValueKind == JsonValueKind.Object && done(r.GetProperty("frameWidth").GetInt32()), timeout, what);

    /// <summary>The SFU's congestion-control counters, for the test output (a failure or a figure to record).</summary>
    public static async Task<string> CongestionFiguresAsync(ConferenceServer server)
    {
        try
        {
            var lines = (await server.Http.GetStringAsync("/metrics")).Split('\n')
                .Where(l => l.StartsWith("conference_sfu_estimate_changes", StringComparison.Ordinal) ||
                            l.StartsWith("conference_sfu_probe", StringComparison.Ordinal) ||
                            l.StartsWith("conference_sfu_transport_cc", StringComparison.Ordinal) ||
                            l.StartsWith("conference_sfu_bandwidth_layer", StringComparison.Ordinal) ||
                            l.StartsWith("conference_sfu_layer_switches", StringComparison.Ordinal) ||
                            l.StartsWith("conference_sfu_retransmissions", StringComparison.Ordinal) ||
                            l.StartsWith("conference_sfu_feedback", StringComparison.Ordinal) ||
                            l.StartsWith("conference_sfu_pacer", StringComparison.Ordinal) ||
                            l.StartsWith("conference_sfu_subscriber_estimate_bucket", StringComparison.Ordinal) ||
                            l.StartsWith("conference_sfu_subscriber_estimate_sum", StringComparison.Ordinal) ||
                            l.StartsWith("conference_sfu_subscriber_estimate_count", StringComparison.Ordinal));
            return string.Join("\n", lines);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return $"(metrics unavailable: {e.Message})";
        }
    }

    public static async Task Ok(Task<JsonElement> call)
    {
        var result = await call;
        Assert.True(result.GetProperty("ok").GetBoolean(), result.ToString());
    }

    /// <summary>The publisher's encoder for that rid stopped: framesEncoded equal over three looks spanning 1.5 s.</summary>
    public static async Task EncodingStoppedAsync(ChromiumParticipant publisher, string rid, TimeSpan timeout)
    {
        var history = new List<long>();
        await Poll.UntilAsync(async () =>
        {
            var layers = await publisher.EvaluateAsync("() => meeting.outboundLayers()");
            history.Add(layers.TryGetProperty(rid, out var layer) ? layer.GetProperty("framesEncoded").GetInt64() : -1);
            return history.ToArray();
        }, h => h.Length >= 3 && h[^1] == h[^3], timeout, $"the publisher's '{rid}' encoding to stop", TimeSpan.FromMilliseconds(750));
    }
}

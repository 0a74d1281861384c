using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;
using static Conference.EndToEnd.Tests.Meetings.MeetingRoom;
using static Conference.EndToEnd.Tests.Meetings.SimulcastChecks;

namespace Conference.EndToEnd.Tests.Meetings;

/// <summary>
/// Simulcast through our SFU (issue #15): three Chromiums publish a 640×360 camera as three layers (q 160×90, h 320×180,
/// f 640×360, docs/protocol.md "Simulcast"); each subscriber gets one layer, chosen by the size it says it shows the
/// track at (SetVideoView), switched at keyframes without stopping the picture; layers nobody needs are paused at the
/// publisher (layersChanged → setParameters) and resumed when needed.
/// </summary>
[Collection(MeetingCollection.Name)]
[Trait("Category", "Browser")]
public sealed class MeetingSimulcastTests(MeetingFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan SwitchDeadline = TimeSpan.FromSeconds(10);
    // A paused encoding restarts at the publisher first (layersChanged → setParameters → encoder ramp-up); going up may
    // wait for the estimate too.
    private static readonly TimeSpan ResumeDeadline = TimeSpan.FromSeconds(20);
    private static readonly JsonObject Simulcast = new() { ["simulcast"] = true, ["dataChannels"] = false };

    [LoopbackNamespaceFact]
    public async Task Each_subscriber_gets_the_layer_its_view_needs_and_layers_nobody_needs_are_paused_at_the_publisher()
    {
        await using var room = await MeetingRoom.CreateAsync(fixture, "simulcast");
        try
        {
        await room.RunAsync(async () =>
        {
            var ada = await room.JoinAsync(fixture.Users[0], Simulcast.DeepClone().AsObject());
            var grace = await room.JoinAsync(fixture.Users[1], Simulcast.DeepClone().AsObject());
            var linus = await room.JoinAsync(fixture.Users[2], Simulcast.DeepClone().AsObject());
            foreach (var at in new[] { ada, grace, linus })
                await WaitForFlowAsync(at, CameraAndMicrophone(new[] { ada, grace, linus }.Where(p => p != at).ToArray()), Timeout);
            // Opus in-band FEC (RFC 7587 useinbandfec=1) is negotiated on both legs: our answer to the publisher and our
            // offer to the subscriber.
            Assert.Matches(@"a=fmtp:\d+ [^\r\n]*useinbandfec=1", (await ada.EvaluateAsync("() => meeting.pub.remoteDescription.sdp")).GetString()!);
            Assert.Matches(@"a=fmtp:\d+ [^\r\n]*useinbandfec=1", (await grace.EvaluateAsync("() => meeting.sub.remoteDescription.sdp")).GetString()!);
            string adaCamera = (await ada.EvaluateAsync("() => meeting.published.camera.trackId")).GetString()!;
            string adaMicrophone = (await ada.EvaluateAsync("() => meeting.published.microphone.trackId")).GetString()!;

            // Nobody said how big they show Ada: both get the top layer once Ada's encoder ramped up to it.
            await WidthAsync(grace, adaCamera, w => w == 640, Timeout, "Grace to get Ada's top layer");
            await WidthAsync(linus, adaCamera, w => w == 640, Timeout, "Linus to get Ada's top layer");

            // Grace shows Ada in a thumbnail: the low layer, within a few seconds; Linus keeps the top one.
            await Ok(grace.CallAsync("SetVideoView", adaCamera, new { width = 160, height = 90 }));
            var down = Stopwatch.StartNew();
            var low = await WidthAsync(grace, adaCamera, w => w == 160, SwitchDeadline, "Grace to switch Ada down to 160 px");
            output.WriteLine($"down to the low layer in {down.ElapsedMilliseconds} ms; freezes so far {low.GetProperty("totalFreezesDuration")} s");
            await WidthAsync(linus, adaCamera, w => w == 640, SwitchDeadline, "Linus to keep Ada's top layer");
            await WaitForFlowAsync(grace, [(ada.ParticipantId, "camera")], Timeout); // still decoding after the switch

            await Ok(grace.CallAsync("SetVideoView", adaCamera, new { width = 1280, height = 720 }));
            var up = Stopwatch.StartNew();
            // Up may also wait for Grace's estimate to recover from an overuse the busy machine caused (REMB fell).
            await WidthAsync(grace, adaCamera, w => w == 640, ResumeDeadline, "Grace to switch Ada back up to 640 px");
            output.WriteLine($"back up in {up.ElapsedMilliseconds} ms");

            // Dynacast: both hide Ada; only the low layer is needed (kept for a quick start), so Ada pauses h and f.
            await Ok(grace.CallAsync("SetVideoView", adaCamera, new { hidden = true }));
            await Ok(linus.CallAsync("SetVideoView", adaCamera, new { hidden = true }));
            var paused = Stopwatch.StartNew();
            await Poll.UntilAsync(() => ada.EvaluateAsync("() => meeting.layerEvents ?? []"),
                e => e.GetArrayLength() > 0 && e[e.GetArrayLength() - 1].GetProperty("active").GetArrayLength() == 1, SwitchDeadline,
                "Ada to be told to send only her low layer");
            await EncodingStoppedAsync(ada, "f", SwitchDeadline);
            output.WriteLine($"top layer stopped at the publisher {paused.ElapsedMilliseconds} ms after both hid it");
            await WaitUntilStoppedAsync(grace, (ada.ParticipantId, "camera")); // hidden: nothing forwarded to Grace
            await WaitForFlowAsync(grace, [(ada.ParticipantId, "microphone")], Timeout); // audio is not affected

            // Grace shows Ada big again: f resumes at Ada, and Grace decodes it.
            long framesBefore = (await ReceivedAsync(grace, adaCamera)).GetProperty("framesDecoded").GetInt64();
            await Ok(grace.CallAsync("SetVideoView", adaCamera, new { width = 640, height = 360 }));
            var resumed = Stopwatch.StartNew();
            await Poll.UntilAsync(() => ada.EvaluateAsync("() => meeting.outboundLayers()"),
                l => l.TryGetProperty("f", out var f) && f.GetProperty("framesEncoded").GetInt64() > 0 && f.GetProperty("active").GetBoolean(),
                SwitchDeadline, "Ada to resume her top layer");
            await Poll.UntilAsync(() => ReceivedAsync(grace, adaCamera),
                r => r.GetProperty("framesDecoded").GetInt64() > framesBefore && r.GetProperty("frameWidth").GetInt32() == 640, ResumeDeadline,
                "Grace to decode Ada's top layer again");
            output.WriteLine($"shown again: top layer decoded after {resumed.ElapsedMilliseconds} ms");

            // Bad input names the field; an audio track has no view.
            Assert.Contains("'width'", await Error(grace.CallAsync("SetVideoView", adaCamera, new { width = 0, height = 90 })));
            Assert.Contains("'height'", await Error(grace.CallAsync("SetVideoView", adaCamera, new { width = 10, height = 100000 })));
            Assert.Contains("'trackId'", await Error(grace.CallAsync("SetVideoView", "no-such-track", new { width = 10, height = 10 })));
            Assert.Contains("audio", await Error(grace.CallAsync("SetVideoView", adaMicrophone, new { width = 10, height = 10 })));
            Assert.Contains("'view'", await Error(grace.CallAsync("SetVideoView", adaCamera, null)));

            Assert.True(await fixture.Server.MetricAsync("conference_sfu_layer_switches_total", "") >= 2, "layer switches were not counted");
            Assert.True(await fixture.Server.MetricAsync("conference_sfu_subscriber_estimate", "_count") > 0, "no subscriber estimate was recorded");
            // The estimate comes from the subscribers' transport-wide feedback (Chromium negotiates transport-cc with us).
            Assert.True(await fixture.Server.MetricAsync("conference_sfu_transport_cc_feedback_total", "") > 0, "no transport-cc feedback was applied");
            output.WriteLine($"estimate changes: delay {await fixture.Server.MetricAsync("conference_sfu_estimate_changes_total", "cause=\"delay\"")}, " +
                $"loss {await fixture.Server.MetricAsync("conference_sfu_estimate_changes_total", "cause=\"loss\"")}, " +
                $"probe {await fixture.Server.MetricAsync("conference_sfu_estimate_changes_total", "cause=\"probe\"")}; " +
                $"probe clusters {await fixture.Server.MetricAsync("conference_sfu_probe_clusters_total", "")}");
            Assert.True(await fixture.Server.MetricAsync("conference_sfu_paused_layers", "") >= 0);
            foreach (var p in new[] { ada, grace, linus }) Assert.Empty(await p.ErrorsAsync());
        });
        }
        finally
        {
            output.WriteLine(await CongestionFiguresAsync(fixture.Server));
        }
    }

    private static async Task<string> Error(Task<JsonElement> call)
    {
        var result = await call;
        Assert.False(result.GetProperty("ok").GetBoolean(), "the hub accepted bad input");
        return result.GetProperty("error").GetString()!;
    }

    private static async Task WaitUntilStoppedAsync(ChromiumParticipant at, (string, string) which)
    {
        var history = new List<long>();
        await Poll.UntilAsync(async () =>
        {
            var track = Find(await at.TracksAsync(), which);
            history.Add(track is null ? -1 : Counter(track));
            return history.ToArray();
        }, h => h.Length >= 3 && h[^1] == h[^3] && h[^1] >= 0, SwitchDeadline, $"{which.Item2} to stop flowing", TimeSpan.FromMilliseconds(750));
    }
}

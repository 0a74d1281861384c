using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;
using static Conference.EndToEnd.Tests.Meetings.MeetingRoom;
using static Conference.EndToEnd.Tests.Meetings.SimulcastChecks;

namespace Conference.EndToEnd.Tests.Meetings;

/// <summary>
/// A server on <see cref="ShapedNetwork.SfuAddress"/> and three participant namespaces, for the shaped-link tests.
/// Outside the loopback-only namespace nothing starts (the tests skip there).
/// </summary>
public sealed class ShapedMeetingFixture : IAsyncLifetime
{
    public ShapedNetwork Network { get; private set; } = null!;
    public ConferenceServer Server { get; private set; } = null!;
    public MeetingAccounts Accounts { get; private set; } = null!;
    public ShapedChromium Browsers { get; private set; } = null!;
    public string Folder { get; } = Directory.CreateTempSubdirectory("conference-shaped-").FullName;

    public async Task InitializeAsync()
    {
        if (!LoopbackNamespace.IsInside) return;
        Network = await ShapedNetwork.CreateAsync();
        for (int i = 1; i <= 3; i++) await Network.AddParticipantAsync(i);
        Server = await ConferenceServer.StartAsync(new Dictionary<string, string>
        {
            ["Conference:Rooms:DisconnectGrace"] = "00:00:03",
        }, TimeSpan.FromSeconds(90), ShapedNetwork.SfuAddress);
        Accounts = await MeetingAccounts.CreateAsync(Server);
        Browsers = await ShapedChromium.CreateAsync();
    }

    public async Task DisposeAsync()
    {
        if (!LoopbackNamespace.IsInside) return;
        await Browsers.DisposeAsync();
        await Server.DisposeAsync();
        await Network.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }
}

/// <summary>
/// Issue #15's proof on real links: three Chromiums, each in its own network namespace behind a veth pair, publish
/// simulcast cameras through our SFU; one participant's link is shaped with tc. The SFU's per-subscriber estimate
/// (transport-cc feedback, docs/media.md "Congestion control") must move that subscriber to the low layer and back,
/// leave the others alone, and dynacast must keep working on a shaped link. Figures go to the output (docs/benchmarks.md).
/// </summary>
[Trait("Category", "Browser")]
public sealed class MeetingShapedNetworkTests(ShapedMeetingFixture fixture, ITestOutputHelper output) : IClassFixture<ShapedMeetingFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan AdaptDeadline = TimeSpan.FromSeconds(15);
    private static readonly JsonObject Simulcast = new() { ["simulcast"] = true, ["dataChannels"] = false };
    private const int Low = 160; // the q layer of a 640×360 camera

    [LoopbackNamespaceFact]
    public async Task A_limited_downlink_moves_only_that_subscriber_to_the_low_layer_and_back_and_hidden_layers_pause_under_shaping()
    {
        var network = fixture.Network;
        var users = fixture.Accounts.Users;
        string roomId = await fixture.Accounts.CreateRoomAsync("shaped");
        // Users[i - 1] browses from participant namespace i.
        await using var room = new MeetingRoom(fixture.Server,
            user => fixture.Browsers.OpenAsync(network.ChromiumWrapper(users.ToList().IndexOf(user) + 1, fixture.Folder), user), roomId);
        Task<ChromiumParticipant> JoinAsync(int index) => room.JoinAsync(users[index - 1], Simulcast.DeepClone().AsObject());
        try
        {
            await room.RunAsync(async () =>
            {
                var ada = await JoinAsync(1);
                var grace = await JoinAsync(2);
                var linus = await JoinAsync(3);
                foreach (var at in new[] { ada, grace, linus })
                    await WaitForFlowAsync(at, CameraAndMicrophone(new[] { ada, grace, linus }.Where(p => p != at).ToArray()), Timeout);
                string adaCamera = await CameraAsync(ada);
                string linusCamera = await CameraAsync(linus);
                // Clean links: everyone gets more than the low layer (the top one unless a publisher's encoder scaled it down
                // for CPU on this shared machine: Chromium adapts the resolution of every layer).
                await WidthAsync(grace, adaCamera, w => w > Low, Timeout, "Grace to get more than Ada's low layer");
                await WidthAsync(grace, linusCamera, w => w > Low, Timeout, "Grace to get more than Linus's low layer");
                await WidthAsync(linus, adaCamera, w => w > Low, Timeout, "Linus to get more than Ada's low layer");

                // Scenario 1: Grace's downlink drops to 300 kbit/s: both cameras she receives go to the low layer.
                var before = await ReceivedAsync(grace, adaCamera);
                await network.LimitDownlinkAsync(2, 300);
                var limited = Stopwatch.StartNew();
                await WidthAsync(grace, adaCamera, w => w is > 0 and <= Low, AdaptDeadline, "Grace to drop to Ada's low layer");
                await WidthAsync(grace, linusCamera, w => w is > 0 and <= Low, AdaptDeadline, "Grace to drop to Linus's low layer");
                long down = limited.ElapsedMilliseconds;
                await WaitForFlowAsync(grace, CameraAndMicrophone(ada, linus), Timeout); // still decoding, audio still there
                await WidthAsync(linus, adaCamera, w => w > Low, TimeSpan.FromSeconds(5), "Linus to keep more than Ada's low layer");
                var rate = await BitrateAsync(grace, TimeSpan.FromSeconds(4));
                var during = await ReceivedAsync(grace, adaCamera);
                double freezes = during.GetProperty("totalFreezesDuration").GetDouble() - before.GetProperty("totalFreezesDuration").GetDouble();
                output.WriteLine($"300 kbit/s downlink: low layer on both cameras after {down} ms; Grace receives {rate / 1000:0} kbit/s " +
                    $"(all her inbound RTP); Ada's camera froze {freezes:0.00} s in total since the limit");
                Assert.True(rate < 300_000, $"Grace receives {rate} bit/s through a 300 kbit/s link: the counters are wrong");

                // Lift the limit: Grace's estimate probes its way back up and the top layer returns.
                await network.ClearAsync(2);
                var lifted = Stopwatch.StartNew();
                var back = await WidthAsync(grace, adaCamera, w => w > Low, Timeout, "Grace to climb back above Ada's low layer");
                output.WriteLine($"limit lifted: Ada's camera back above the low layer ({back.GetProperty("frameWidth")} px) at Grace after {lifted.ElapsedMilliseconds} ms");
                await WaitForFlowAsync(grace, CameraAndMicrophone(ada, linus), Timeout);

                // Scenario 2: 5 % loss each way and 50 ms each way (100 ms more round trip) on Grace's link, for 15 s.
                var repairBefore = await RepairAsync(grace);
                var linusBefore = await RepairAsync(linus);
                double retransmissionsBefore = await fixture.Server.MetricAsync("conference_sfu_retransmissions_total", "");
                var lossy = await network.RouteThroughLossAsync(2, TimeSpan.FromMilliseconds(50), 0.05, 0.05);
                try
                {
                    var impaired = Stopwatch.StartNew();
                    await WaitForFlowAsync(grace, CameraAndMicrophone(ada, linus), Timeout);
                    await WaitForFlowAsync(linus, CameraAndMicrophone(grace), Timeout);
                    var rest = TimeSpan.FromSeconds(15) - impaired.Elapsed;
                    if (rest > TimeSpan.Zero) await Task.Delay(rest);
                    await WaitForFlowAsync(grace, CameraAndMicrophone(ada, linus), Timeout);
                    await WaitForFlowAsync(linus, CameraAndMicrophone(grace), Timeout);
                    var repairAfter = await RepairAsync(grace);
                    var linusAfter = await RepairAsync(linus);
                    double seconds = impaired.Elapsed.TotalSeconds;
                    double retransmissions = await fixture.Server.MetricAsync("conference_sfu_retransmissions_total", "") - retransmissionsBefore;
                    output.WriteLine($"5 % loss + 50 ms each way on Grace's link for {seconds:0.0} s (relay dropped {lossy.Dropped} of " +
                        $"{lossy.Dropped + lossy.Relayed} packets): Grace's video NACKs +{repairAfter.Nacks - repairBefore.Nacks}, RTX received " +
                        $"+{repairAfter.Retransmitted - repairBefore.Retransmitted}, SFU retransmissions +{retransmissions}, freezes " +
                        $"+{repairAfter.Freezes - repairBefore.Freezes:0.00} s over her two videos (frames decoded +{repairAfter.Frames - repairBefore.Frames}); " +
                        $"Linus's two videos froze +{linusAfter.Freezes - linusBefore.Freezes:0.00} s (Grace's uplink loss is not repaired: no NACKs to publishers)");
                    Assert.True(repairAfter.Nacks > repairBefore.Nacks, "Grace sent no NACKs under 5 % loss");
                    Assert.True(repairAfter.Retransmitted > repairBefore.Retransmitted, "no RTX reached Grace");
                    Assert.True(retransmissions > 0, "the SFU retransmitted nothing");
                    // Bounded: her two videos are not frozen for most of the time (they also kept decoding, above).
                    Assert.True(repairAfter.Freezes - repairBefore.Freezes < seconds, "Grace's videos were frozen most of the time");
                }
                finally
                {
                    await network.RouteDirectAsync(2, lossy);
                }

                // Scenario 3: Ada's uplink is shaped too (1.5 Mbit/s); both subscribers hide her: her top layer stops.
                await network.LimitUplinkAsync(1, 1500);
                await Ok(grace.CallAsync("SetVideoView", adaCamera, new { hidden = true }));
                await Ok(linus.CallAsync("SetVideoView", adaCamera, new { hidden = true }));
                var hidden = Stopwatch.StartNew();
                await EncodingStoppedAsync(ada, "f", Timeout);
                output.WriteLine($"uplink 1.5 Mbit/s, Ada hidden everywhere: her top layer stopped after {hidden.ElapsedMilliseconds} ms");
                long framesHidden = (await ReceivedAsync(grace, adaCamera)).GetProperty("framesDecoded").GetInt64();
                await Ok(grace.CallAsync("SetVideoView", adaCamera, new { width = 640, height = 360 }));
                var shown = Stopwatch.StartNew();
                await Poll.UntilAsync(() => ReceivedAsync(grace, adaCamera),
                    r => r.GetProperty("framesDecoded").GetInt64() > framesHidden && r.GetProperty("frameWidth").GetInt32() > Low, Timeout,
                    "Grace to decode Ada above her low layer again");
                output.WriteLine($"shown again: Ada's camera decoded above the low layer at Grace after {shown.ElapsedMilliseconds} ms");
                await network.ClearAsync(1);

                Assert.True(await fixture.Server.MetricAsync("conference_sfu_transport_cc_feedback_total", "") > 0, "no transport-cc feedback applied");
                Assert.True(await fixture.Server.MetricAsync("conference_sfu_estimate_changes_total", "cause=\"delay\"") > 0, "no over-use decrease counted");
                Assert.True(await fixture.Server.MetricAsync("conference_sfu_bandwidth_layer_switches_total", "") >= 2, "no bandwidth switches counted");
                // The subscribers' pacers held keyframe bursts back (a 300 kbit/s link cannot take them at once).
                Assert.True(await fixture.Server.MetricAsync("conference_sfu_pacer_delayed_packets_total", "") > 0, "no packet was paced");
                Assert.True(await fixture.Server.MetricAsync("conference_sfu_pacer_queue_delay_milliseconds_count", "") > 0, "no queue delay recorded");
                // Each browser reports the freezes it saw (ReportReceiveQuality); the server counts them without labels.
                double reported = 0;
                foreach (var p in new[] { ada, grace, linus }) reported += (await p.EvaluateAsync("() => meeting.reportQuality()")).GetProperty("freezeSeconds").GetDouble();
                double counted = 0;
                for (int i = 0; reported > 0 && counted < reported - 0.01 && i < 20; i++) // the exporter caches a scrape briefly
                {
                    await Task.Delay(250);
                    try { counted = await fixture.Server.MetricAsync("conference_meetings_client_freeze_duration_seconds_total", ""); }
                    catch (InvalidOperationException) { }
                }
                output.WriteLine($"client-reported freezes over the whole test: {reported:0.00} s (counted {counted:0.00} s)");
                Assert.True(counted >= reported - 0.01, $"reported {reported} s of freezes, /metrics counts {counted} s");
                foreach (var p in new[] { ada, grace, linus }) Assert.Empty(await p.ErrorsAsync());
            });
        }
        finally
        {
            await network.ClearAsync(1);
            await network.ClearAsync(2);
            output.WriteLine(await CongestionFiguresAsync(fixture.Server));
        }
    }

    private static async Task<string> CameraAsync(ChromiumParticipant publisher) =>
        (await publisher.EvaluateAsync("() => meeting.published.camera.trackId")).GetString()!;

    /// <summary>Bits per second of all RTP the participant's subscriber connection received over <paramref name="span"/>.</summary>
    private static async Task<double> BitrateAsync(ChromiumParticipant at, TimeSpan span)
    {
        const string bytes = "async () => { let b = 0; (await meeting.sub.getStats()).forEach(s => { if (s.type === 'inbound-rtp') b += s.bytesReceived ?? 0; }); return b; }";
        double first = (await at.EvaluateAsync(bytes)).GetDouble();
        var clock = Stopwatch.StartNew();
        await Task.Delay(span);
        double last = (await at.EvaluateAsync(bytes)).GetDouble();
        return (last - first) * 8 / clock.Elapsed.TotalSeconds;
    }

    private sealed record Repair(long Nacks, long Retransmitted, double Freezes, long Frames);

    /// <summary>Sums over the participant's inbound video: NACKs sent, RTX packets received, freeze time, frames decoded.</summary>
    private static async Task<Repair> RepairAsync(ChromiumParticipant at)
    {
        var r = await at.EvaluateAsync("""
            async () => {
              const r = { nacks: 0, rtx: 0, freezes: 0, frames: 0 };
              (await meeting.sub.getStats()).forEach((s) => {
                if (s.type !== 'inbound-rtp' || s.kind !== 'video') return;
                r.nacks += s.nackCount ?? 0; r.rtx += s.retransmittedPacketsReceived ?? 0;
                r.freezes += s.totalFreezesDuration ?? 0; r.frames += s.framesDecoded ?? 0;
              });
              return r;
            }
            """);
        return new Repair(r.GetProperty("nacks").GetInt64(), r.GetProperty("rtx").GetInt64(), r.GetProperty("freezes").GetDouble(),
            r.GetProperty("frames").GetInt64());
    }
}

using System.Text.Json;
using Xunit.Abstractions;
using static Conference.EndToEnd.Tests.Meetings.MeetingRoom;

namespace Conference.EndToEnd.Tests.Meetings;

/// <summary>
/// Meetings through our SFU between headless Chromiums with fake camera, microphone and screen (issue #4, "Proof"):
/// each page is the protocol client of docs/protocol.md over a raw WebSocket, publishing on one connection and
/// receiving the others' tracks on a subscriber connection the SFU offers.
/// </summary>
[Collection(MeetingCollection.Name)]
[Trait("Category", "Browser")]
public sealed class MeetingMediaTests(MeetingFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [LoopbackNamespaceFact]
    public async Task Three_participants_decode_each_others_camera_hear_each_others_microphone_and_see_a_shared_screen()
    {
        await using var room = await MeetingRoom.CreateAsync(fixture, "three");
        await room.RunAsync(async () =>
        {
            var ada = await room.JoinAsync(fixture.Users[0]);
            var grace = await room.JoinAsync(fixture.Users[1]);
            var linus = await room.JoinAsync(fixture.Users[2]);
            ChromiumParticipant[] all = [ada, grace, linus];

            foreach (var at in all)
            {
                var tracks = await WaitForFlowAsync(at, CameraAndMicrophone(all.Where(p => p != at).ToArray()), Timeout);
                output.WriteLine($"{at.User.Name}: {string.Join("; ", tracks.Select(t => $"{t.Source}@{t.ParticipantId}: {t.FramesDecoded} frames, {t.PacketsReceived} packets"))}");
                Assert.DoesNotContain(tracks, t => t.ParticipantId == at.ParticipantId); // nobody gets their own media back
            }
            output.WriteLine(await FirstForwardLog.DescribeAsync(fixture.Server));

            string screenTrackId = (await ada.EvaluateAsync("() => meeting.shareScreen()")).GetString()!;
            foreach (var at in new[] { grace, linus })
            {
                var tracks = await WaitForFlowAsync(at, [(ada.ParticipantId, "screen"), (ada.ParticipantId, "camera")], Timeout);
                var screen = Find(tracks, (ada.ParticipantId, "screen"))!;
                Assert.Equal(screenTrackId, screen.TrackId);
                Assert.Equal("video", screen.Kind);
                Assert.Equal(2, tracks.Count(t => t.ParticipantId == ada.ParticipantId && t.Kind == "video" && !t.Removed));
            }

            // Stopping the share removes that section at the others; the camera keeps flowing.
            await ada.EvaluateAsync("() => meeting.stopScreen()");
            foreach (var at in new[] { grace, linus })
            {
                await Poll.UntilAsync(at.TracksAsync, tracks => tracks.Any(t => t.TrackId == screenTrackId && t.Removed && t.Ended), Timeout,
                    $"{at.User.Name} to drop Ada's screen");
                await WaitForFlowAsync(at, [(ada.ParticipantId, "camera")], Timeout);
            }
            foreach (var p in all) Assert.Empty(await p.ErrorsAsync());
        });
    }

    [LoopbackNamespaceFact]
    public async Task A_late_joiner_decodes_video_within_a_second_of_its_subscriber_connection_connecting()
    {
        await using var room = await MeetingRoom.CreateAsync(fixture, "late joiner");
        await room.RunAsync(async () =>
        {
            var ada = await room.JoinAsync(fixture.Users[0]);
            var grace = await room.JoinAsync(fixture.Users[1]);
            // Both publishers are sending (each decodes the other) well before the late joiner comes.
            await WaitForFlowAsync(ada, [(grace.ParticipantId, "camera")], Timeout);
            await WaitForFlowAsync(grace, [(ada.ParticipantId, "camera")], Timeout);

            double requestsBefore = await KeyframeRequestsSentAsync();
            var linus = await room.JoinAsync(fixture.Users[2]);
            var tracks = await Poll.UntilAsync(linus.TracksAsync,
                ts => ts.Count(t => t.Kind == "video" && t.FirstFrameAt is not null) == 2, Timeout, "Linus to decode both cameras");
            Assert.True(await KeyframeRequestsSentAsync() > requestsBefore, "the SFU sent no keyframe request to a publisher for the late joiner");
            long connectedAt = (await linus.EvaluateAsync("() => meeting.subscriber.connectedAt")).GetInt64();
            foreach (var video in tracks.Where(t => t.Kind == "video"))
            {
                long delay = video.FirstFrameAt!.Value - connectedAt;
                output.WriteLine($"first frame of {video.ParticipantId}'s {video.Source} {delay} ms after the subscriber connection connected");
                // Without a keyframe request on subscribing, the first decodable frame would be the encoder's next
                // periodic keyframe, many seconds away.
                Assert.True(delay <= 1000, $"first frame {delay} ms after connecting (the SFU should have asked the publisher for a keyframe)");
            }
            output.WriteLine(await FirstForwardLog.DescribeAsync(fixture.Server));
        });
    }

    [LoopbackNamespaceFact]
    public async Task Leaving_drops_the_tracks_at_the_others_and_a_closed_page_is_removed_after_the_grace_period()
    {
        await using var room = await MeetingRoom.CreateAsync(fixture, "leaving");
        await room.RunAsync(async () =>
        {
            var ada = await room.JoinAsync(fixture.Users[0]);
            var grace = await room.JoinAsync(fixture.Users[1]);
            var linus = await room.JoinAsync(fixture.Users[2]);
            await WaitForFlowAsync(ada, [(grace.ParticipantId, "camera"), (linus.ParticipantId, "camera")], Timeout);
            await WaitForFlowAsync(grace, [(ada.ParticipantId, "camera"), (linus.ParticipantId, "camera")], Timeout);

            long leftAt = (await linus.EvaluateAsync("() => meeting.leave()")).GetInt64();
            foreach (var at in new[] { ada, grace })
            {
                var tracks = await Poll.UntilAsync(at.TracksAsync,
                    ts => ts.Where(t => t.ParticipantId == linus.ParticipantId).All(t => t.Removed), Timeout,
                    $"{at.User.Name} to drop Linus's tracks");
                var dropped = tracks.Where(t => t.ParticipantId == linus.ParticipantId).ToArray();
                Assert.Equal(2, dropped.Length);
                Assert.All(dropped, t => Assert.True(t.Ended, $"{at.User.Name}'s receiver of Linus's {t.Source} did not end"));
                output.WriteLine($"{at.User.Name} dropped Linus's tracks {string.Join(", ", dropped.Select(t => $"{t.RemovedAt - leftAt} ms"))} after the leave");
                foreach (var t in dropped)
                    Assert.True(t.RemovedAt - leftAt <= 2000, $"{at.User.Name} dropped Linus's {t.Source} {t.RemovedAt - leftAt} ms after the leave");
                Assert.Contains(await at.EventsAsync(), e => e.Type == "participantLeft" && e.ParticipantId == linus.ParticipantId);
                await WaitForFlowAsync(at, [((at == ada ? grace : ada).ParticipantId, "camera")], Timeout); // the rest of the call goes on
            }

            // Grace's page disappears without a Leave: she is kept for the grace period, then removed.
            long closedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            await grace.CloseAsync();
            var events = await Poll.UntilAsync(ada.EventsAsync,
                es => es.Any(e => e.Type == "participantLeft" && e.ParticipantId == grace.ParticipantId),
                MeetingFixture.DisconnectGrace + Timeout, "Ada to see Grace removed");
            Assert.Contains(events, e => e.Type == "participantDisconnected" && e.ParticipantId == grace.ParticipantId);
            var removed = events.First(e => e.Type == "participantLeft" && e.ParticipantId == grace.ParticipantId);
            Assert.True(removed.At - closedAt >= MeetingFixture.DisconnectGrace.TotalMilliseconds - 500,
                $"removed {removed.At - closedAt} ms after the page closed, before the grace period ended");
            await Poll.UntilAsync(ada.TracksAsync, ts => ts.Where(t => t.ParticipantId == grace.ParticipantId).All(t => t.Removed),
                Timeout, "Ada to drop Grace's tracks");
        });
    }

    [LoopbackNamespaceFact]
    public async Task A_muted_track_stops_flowing_the_others_are_told_and_it_resumes_on_unmute()
    {
        await using var room = await MeetingRoom.CreateAsync(fixture, "mute");
        await room.RunAsync(async () =>
        {
            var ada = await room.JoinAsync(fixture.Users[0]);
            var grace = await room.JoinAsync(fixture.Users[1]);
            await WaitForFlowAsync(grace, CameraAndMicrophone(ada), Timeout);

            foreach (string source in new[] { "microphone", "camera" })
            {
                var muted = await ada.EvaluateAsync("s => meeting.setMuted(s, true)", source);
                string trackId = muted.GetProperty("trackId").GetString()!;
                Assert.True(muted.GetProperty("muted").GetBoolean());
                await Poll.UntilAsync(grace.EventsAsync, es => es.Any(e => e.Type == "trackMuted" && e.TrackId == trackId && e.Muted == true),
                    Timeout, $"Grace to hear that Ada muted her {source}");
                await WaitUntilStoppedAsync(grace, (ada.ParticipantId, source));
                if (source == "microphone") await WaitForFlowAsync(grace, [(ada.ParticipantId, "camera")], Timeout); // only that track stopped
            }

            // While both are muted nothing of Ada's reaches Grace; unmuting brings both back (video from a keyframe).
            foreach (string source in new[] { "camera", "microphone" })
            {
                string trackId = (await ada.EvaluateAsync("s => meeting.setMuted(s, false)", source)).GetProperty("trackId").GetString()!;
                await Poll.UntilAsync(grace.EventsAsync, es => es.Any(e => e.Type == "trackMuted" && e.TrackId == trackId && e.Muted == false),
                    Timeout, $"Grace to hear that Ada unmuted her {source}");
            }
            await WaitForFlowAsync(grace, CameraAndMicrophone(ada), Timeout);
        });
    }

    private Task<double> KeyframeRequestsSentAsync() =>
        fixture.Server.MetricAsync("conference_sfu_feedback", "type=\"pli_fir_sent\"");

    /// <summary>The counter of that track no longer moves: equal over three looks spanning a second and a half.</summary>
    private static async Task WaitUntilStoppedAsync(ChromiumParticipant at, (string, string) which)
    {
        var history = new List<long>();
        await Poll.UntilAsync(async () =>
        {
            var track = Find(await at.TracksAsync(), which);
            history.Add(track is null ? -1 : Counter(track));
            return history.ToArray();
        }, h => h.Length >= 3 && h[^1] == h[^3] && h[^1] >= 0, Timeout, $"{which.Item2} to stop flowing", TimeSpan.FromMilliseconds(750));
    }
}

using System.Diagnostics;
using System.Text.Json;
using Conference.Media.Tests.Recording;
using Xunit.Abstractions;
using static Conference.EndToEnd.Tests.Meetings.MeetingRoom;

namespace Conference.EndToEnd.Tests.Meetings;

/// <summary>
/// Issue #16's browser proof: two Chromiums in a call through our SFU are recorded for 10 s into the S3-compatible
/// store the fixture started (s3rver, the cluster mode's store); the parts go up while recording, the stopped
/// recording's files are downloaded through their presigned URLs and read by ffprobe and ffmpeg.
/// </summary>
[Collection(MeetingCollection.Name)]
[Trait("Category", "Browser")]
public sealed class MeetingRecordingTests(MeetingFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Recorded = TimeSpan.FromSeconds(10);

    [LoopbackNamespaceFact]
    public async Task Two_chromiums_recorded_for_ten_seconds_are_webm_files_in_the_s3_store_of_that_length_at_the_cameras_size()
    {
        await using var room = await MeetingRoom.CreateAsync(fixture, "recorded");
        string downloads = Directory.CreateTempSubdirectory("meeting-recording-").FullName;
        await room.RunAsync(async () =>
        {
            var ada = await room.JoinAsync(fixture.Users[0]);
            var grace = await room.JoinAsync(fixture.Users[1]);
            await WaitForFlowAsync(ada, CameraAndMicrophone(grace), Timeout);
            await WaitForFlowAsync(grace, CameraAndMicrophone(ada), Timeout);
            var camera = await ada.EvaluateAsync("() => { const s = meeting.published.camera.track.getSettings(); return [s.width, s.height]; }");
            (int width, int height) = (camera[0].GetInt32(), camera[1].GetInt32());

            // The room's creator (an admin, not in the call) starts recording; both participants are told.
            var server = fixture.Server;
            var clock = Stopwatch.StartNew();
            var started = await server.SendAsync(fixture.Accounts.Admin, HttpMethod.Post, $"/api/rooms/{room.RoomId}/recording");
            var startAnswered = clock.Elapsed;
            string recordingId = started.GetProperty("id").GetString()!;
            foreach (var p in new[] { ada, grace })
                await Poll.UntilAsync(p.EventsAsync, events => events.Any(e => e.Type == "recordingStarted"), Timeout, $"{p.User.Name} to get recordingStarted");

            // Uploaded as it records: parts are in the bucket before the recording stops.
            string folder = $"recordings/{room.RoomId}/{recordingId}";
            var parts = await Poll.UntilAsync(() => Task.FromResult(fixture.S3.Objects(folder)), names => names.Any(n => n.Contains(".part", StringComparison.Ordinal)),
                Recorded, "a part of a recording in the store while recording");
            output.WriteLine($"in the store after {clock.Elapsed.TotalSeconds:0.0} s of recording: {string.Join(", ", parts)}");
            if (Recorded - clock.Elapsed is { Ticks: > 0 } rest) await Task.Delay(rest);

            var stopAsked = clock.Elapsed;
            var stopped = await server.SendAsync(fixture.Accounts.Admin, HttpMethod.Delete, $"/api/rooms/{room.RoomId}/recording");
            var stopAnswered = clock.Elapsed;
            // Recording ran from within the start call to within the stop call: at least the time between the answer
            // of one and the asking of the other (less the wait for the first keyframe), at most start ask to stop answer.
            double shortest = (stopAsked - startAnswered).TotalSeconds, longest = stopAnswered.TotalSeconds;
            Assert.Equal("completed", stopped.GetProperty("state").GetString());
            foreach (var p in new[] { ada, grace })
                await Poll.UntilAsync(p.EventsAsync, events => events.Any(e => e.Type == "recordingStopped"), Timeout, $"{p.User.Name} to get recordingStopped");

            // One file per published track, each whole in the store (the parts are gone), named by the API.
            var tracks = stopped.GetProperty("tracks").EnumerateArray().ToList();
            Assert.Equal(4, tracks.Count);
            Assert.Equal(new[] { (ada.ParticipantId, "audio"), (ada.ParticipantId, "video"), (grace.ParticipantId, "audio"), (grace.ParticipantId, "video") }.Order(),
                tracks.Select(t => (t.GetProperty("participantId").GetString()!, t.GetProperty("kind").GetString()!)).Order());
            Assert.Equal(tracks.Select(t => t.GetProperty("trackId").GetString() + ".webm").Order(), fixture.S3.Objects(folder).Order());

            // The download links are presigned by the store: fetched without credentials, ffprobe reads them.
            var download = await server.SendAsync(fixture.Accounts.Admin, HttpMethod.Get, $"/api/rooms/{room.RoomId}/recordings/{recordingId}");
            using var anonymous = new HttpClient();
            var durations = new Dictionary<(string, string), double>();
            foreach (var link in download.GetProperty("files").EnumerateArray())
            {
                string trackId = link.GetProperty("trackId").GetString()!, url = link.GetProperty("url").GetString()!;
                Assert.StartsWith($"http://{fixture.S3.Endpoint}/{fixture.S3.Bucket}/", url);
                var track = tracks.Single(t => t.GetProperty("trackId").GetString() == trackId);
                string file = Path.Combine(downloads, trackId + ".webm");
                await File.WriteAllBytesAsync(file, await anonymous.GetByteArrayAsync(url));
                Assert.Equal(track.GetProperty("bytes").GetInt64(), new FileInfo(file).Length);

                var probe = await MediaTools.ProbeAsync(file);
                var stream = Assert.Single(probe.Streams);
                string kind = track.GetProperty("kind").GetString()!;
                double apiSeconds = track.GetProperty("durationMs").GetInt64() / 1000.0;
                output.WriteLine($"{kind} of {track.GetProperty("participantId")}: {probe.Duration:0.000} s (API {apiSeconds:0.000} s, recorded {shortest:0.000}..{longest:0.000} s), " +
                    $"{new FileInfo(file).Length} bytes, {stream.Codec} {stream.Width}x{stream.Height}");
                Assert.Equal(kind, stream.Type);
                if (kind == "video") Assert.Equal(("vp8", width, height), (stream.Codec, stream.Width, stream.Height));
                else Assert.Equal("opus", stream.Codec);
                Assert.True(Math.Abs(probe.Duration - apiSeconds) <= 0.5, $"{kind}: ffprobe {probe.Duration} s, the API said {apiSeconds} s");
                // The file covers the recorded time: from the first keyframe (requested at start; 1 s allowed) to the stop.
                Assert.True(probe.Duration > shortest - 1 && probe.Duration < longest + 0.2, $"{kind}: {probe.Duration} s, recorded {shortest}..{longest} s");
                string errors = await MediaTools.DecodeErrorsAsync(file);
                Assert.True(errors == "", $"{kind}: ffmpeg could not decode {file} cleanly: {errors}");
                durations[(track.GetProperty("participantId").GetString()!, kind)] = probe.Duration;
            }
            Assert.Equal(4, durations.Count);
            foreach (var p in new[] { ada, grace })
                Assert.True(Math.Abs(durations[(p.ParticipantId, "audio")] - durations[(p.ParticipantId, "video")]) <= 1.0,
                    $"{p.User.Name}'s audio and video files differ in length: {durations[(p.ParticipantId, "audio")]} s and {durations[(p.ParticipantId, "video")]} s");
        });
        Directory.Delete(downloads, recursive: true);
    }
}

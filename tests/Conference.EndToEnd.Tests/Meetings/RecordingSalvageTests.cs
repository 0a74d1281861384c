using System.Diagnostics;
using System.Text.Json;
using Conference.Media.Tests.Recording;
using Xunit.Abstractions;

namespace Conference.EndToEnd.Tests.Meetings;

/// <summary>
/// Issue #16: a recording survives its SFU silo going away. Chromium publishes through the `sfu` process of a
/// 2-process cluster recording into s3rver; once parts of both tracks are uploaded the `sfu` process is killed
/// (SIGKILL: no goodbye). The room's recordings grain on the `gateway,core` process notices, joins the uploaded
/// parts and ends the recording `interrupted`, each file as long as what was uploaded of it, and still playable.
/// </summary>
[Collection(MeetingCollection.Name)]
[Trait("Category", "Browser")]
public sealed class RecordingSalvageTests(MeetingFixture browser, RecordingToS3Silos cluster, ITestOutputHelper output) : IClassFixture<RecordingToS3Silos>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [LoopbackNamespaceFact]
    public async Task A_recording_whose_sfu_process_is_killed_ends_interrupted_in_the_uploaded_parts_which_play()
    {
        await using var room = new MeetingRoom(cluster.Gateway, browser.OpenParticipantAsync, await cluster.Accounts.CreateRoomAsync("salvaged"));
        string downloads = Directory.CreateTempSubdirectory("meeting-salvage-").FullName;
        await room.RunAsync(async () =>
        {
            var ada = await room.JoinAsync(cluster.Accounts.Users[0]);
            var admin = cluster.Accounts.Admin;
            var started = await cluster.Gateway.SendAsync(admin, HttpMethod.Post, $"/api/rooms/{room.RoomId}/recording");
            string recordingId = started.GetProperty("id").GetString()!;
            string folder = $"recordings/{room.RoomId}/{recordingId}";

            // Both tracks (camera and microphone) have parts in the bucket (audio's first after two 5 s clusters).
            try
            {
                await Poll.UntilAsync(() => Task.FromResult(cluster.S3.Objects(folder)),
                    names => names.Where(n => n.Contains(".part", StringComparison.Ordinal)).Select(n => n[..n.IndexOf('.')]).Distinct().Count() == 2,
                    TimeSpan.FromSeconds(45), "parts of both tracks in the store");
            }
            catch (TimeoutException e)
            {
                var progress = await cluster.Gateway.SendAsync(admin, HttpMethod.Get, $"/api/rooms/{room.RoomId}/recordings");
                string log = cluster.Sfu.Log;
                throw new TimeoutException($"{e.Message}\nrecording: {progress}\nsfu log: {(log.Length > 10_000 ? log[^10_000..] : log)}", e);
            }
            var killedAt = Stopwatch.StartNew();
            using (var sfu = Process.GetProcessById(cluster.Sfu.ProcessId)) sfu.Kill();

            // The gateway's recordings grain ends it; the participant (whose hub is on the gateway) is told.
            var listed = await Poll.UntilAsync(() => cluster.Gateway.SendAsync(admin, HttpMethod.Get, $"/api/rooms/{room.RoomId}/recordings"),
                list => list.EnumerateArray().Single().GetProperty("state").GetString() != "recording", TimeSpan.FromSeconds(90),
                "the recording to end after its SFU was killed", TimeSpan.FromSeconds(1));
            output.WriteLine($"ended {killedAt.Elapsed.TotalSeconds:0.0} s after the SFU process was killed");
            var recording = listed.EnumerateArray().Single();
            Assert.Equal("interrupted", recording.GetProperty("state").GetString());
            await Poll.UntilAsync(ada.EventsAsync, events => events.Any(e => e.Type == "recordingStopped"), Timeout, "Ada to get recordingStopped");

            var tracks = recording.GetProperty("tracks").EnumerateArray().ToList();
            Assert.Equal(["audio", "video"], tracks.Select(t => t.GetProperty("kind").GetString()).Order());
            // What is left in the store: one whole object per track, no parts.
            Assert.Equal(tracks.Select(t => t.GetProperty("trackId").GetString() + ".webm").Order(), cluster.S3.Objects(folder).Order());

            var download = await cluster.Gateway.SendAsync(admin, HttpMethod.Get, $"/api/rooms/{room.RoomId}/recordings/{recordingId}");
            using var anonymous = new HttpClient();
            foreach (var link in download.GetProperty("files").EnumerateArray())
            {
                string trackId = link.GetProperty("trackId").GetString()!;
                var track = tracks.Single(t => t.GetProperty("trackId").GetString() == trackId);
                string kind = track.GetProperty("kind").GetString()!, file = Path.Combine(downloads, trackId + ".webm");
                await File.WriteAllBytesAsync(file, await anonymous.GetByteArrayAsync(link.GetProperty("url").GetString()));
                Assert.Equal(track.GetProperty("bytes").GetInt64(), new FileInfo(file).Length);
                Assert.True(track.GetProperty("finished").GetBoolean());
                Assert.Equal("ended with the SFU silo", track.GetProperty("error").GetString());

                // The file plays to where its upload got: the API's duration is that of the uploaded parts.
                var stream = Assert.Single((await MediaTools.ProbeAsync(file)).Streams);
                Assert.Equal((kind, kind == "video" ? "vp8" : "opus"), (stream.Type, stream.Codec));
                double apiSeconds = track.GetProperty("durationMs").GetInt64() / 1000.0, lastPacket = await MediaTools.LastPacketSecondsAsync(file);
                output.WriteLine($"{kind}: {new FileInfo(file).Length} bytes, last packet at {lastPacket:0.000} s, API {apiSeconds:0.000} s");
                Assert.True(lastPacket > 0 && lastPacket < apiSeconds && apiSeconds - lastPacket <= 0.5,
                    $"{kind}: the file's last packet is at {lastPacket} s, the API says it lasts {apiSeconds} s");
                string errors = await MediaTools.DecodeErrorsAsync(file);
                Assert.True(errors == "", $"{kind}: ffmpeg could not decode {file} cleanly: {errors}");
            }
        });
        Directory.Delete(downloads, recursive: true);
    }
}

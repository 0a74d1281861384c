using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Conference.Media.Tests.Recording;
using Conference.Recordings;
using Conference.Rooms;
using Conference.Server.Meetings;
using Conference.Server.Tests.Support;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Conference.Server.Tests.Recordings;

/// <summary>
/// Recording in one process with the embedded default store (the data folder): our client publishes Opus + VP8
/// through the hub, the host records, everyone is told, the files are WebM that ffprobe reads with the right
/// streams and length, and the REST routes list them and hand out working time-limited links.
/// </summary>
public sealed class RecordingTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_host_records_each_published_track_into_a_webm_file_everyone_is_told_and_late_joiners_learn_it()
    {
        var media = await RecordingCall.EncodeAsync(TempFolder.Create("recording-call"));
        var admin = factory.CreateAdminClient();
        var roomId = (await admin.Create("/api/rooms", """{"name":"Recorded"}""")).Id();
        var events = Channel.CreateUnbounded<RoomEvent>();
        var host = await factory.ConnectHub(async () => await factory.AdminToken(), c =>
        {
            c.On<RoomEvent>(RoomEventTypes.RecordingStarted, e => events.Writer.TryWrite(e));
            c.On<RoomEvent>(RoomEventTypes.RecordingStopped, e => events.Writer.TryWrite(e));
        });
        var joined = await host.InvokeAsync<JoinResponse>("Join", roomId);
        Assert.Null(joined.Recording);
        await using var call = await RecordingCall.Publish(host, media);

        var started = await host.InvokeAsync<Recording>("StartRecording");
        Assert.Equal((RecordingState.Recording, roomId), (started.State, started.RoomId));
        Assert.Equal(started.Id, (await events.Reader.ReadAsync().AsTask().WaitAsync(Wait)).Recording?.Id);
        var twice = await Assert.ThrowsAsync<HubException>(() => host.InvokeAsync<Recording>("StartRecording"));
        Assert.Contains("already being recorded", twice.Message);

        // The router opens a file per forwarded track within a poll (250 ms); then send 3 s of media.
        var files = Path.Combine(factory.DataPath, "recordings", roomId, started.Id);
        await Poll(() => Directory.Exists(files) && Directory.GetFiles(files, "*.webm").Length == 2);
        await using (var late = await factory.ConnectHub(async () => await factory.AdminToken()))
        {
            var lateJoin = await late.InvokeAsync<JoinResponse>("Join", roomId);
            Assert.Equal(started.Id, lateJoin.Recording?.Id);
        }
        long receivedBefore = await RtpReceived(admin, roomId);
        int sent = await call.Send(seconds: 3);
        // Stop once the SFU has taken in what was sent (a loaded machine's receive loop may lag behind the sender).
        await PollAsync(async () => await RtpReceived(admin, roomId) - receivedBefore >= sent);
        var stopped = await host.InvokeAsync<Recording>("StopRecording");
        Assert.Equal(started.Id, (await events.Reader.ReadAsync().AsTask().WaitAsync(Wait)).Recording?.Id);

        Assert.Equal(RecordingState.Completed, stopped.State);
        Assert.Equal(["audio", "video"], stopped.Tracks.Select(t => t.Kind).Order());
        Assert.All(stopped.Tracks, t => Assert.True(t.Finished && t.Bytes > 0 && t.Error is null, $"{t.Kind}: {t}"));
        Assert.All(stopped.Tracks, t => Assert.Equal(joined.ParticipantId, t.ParticipantId));
        var video = stopped.Tracks.Single(t => t.Kind == "video");
        Assert.Equal(("vp8", RecordingCall.Width, RecordingCall.Height), (video.Codec, video.Width, video.Height));
        Assert.Equal("opus", stopped.Tracks.Single(t => t.Kind == "audio").Codec);

        foreach (var file in Directory.GetFiles(files, "*.webm"))
        {
            if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            var probe = await MediaTools.ProbeAsync(file);
            var stream = Assert.Single(probe.Streams);
            Assert.True(probe.Duration is >= 2.5 and <= 3.5, $"{stream.Type}: {probe.Duration} s");
            if (stream.Type == "video") Assert.Equal(("vp8", RecordingCall.Width, RecordingCall.Height), (stream.Codec, stream.Width, stream.Height));
            else Assert.Equal("opus", stream.Codec);
            Assert.Equal("", await MediaTools.DecodeErrorsAsync(file));
        }

        // REST: listed with who, tracks, size and duration; the link downloads without credentials.
        var listed = (await admin.GetFromJsonAsync<JsonArray>($"/api/rooms/{roomId}/recordings"))!;
        var entry = listed.Single()!.AsObject();
        Assert.Equal(("completed", 2), (entry["state"]!.GetValue<string>(), entry["tracks"]!.AsArray().Count));
        Assert.True(entry["bytes"]!.GetValue<long>() > 0 && entry["durationMs"]!.GetValue<long>() is > 2500 and < 3500);
        Assert.Equal((await admin.GetFromJsonAsync<JsonObject>("/api/me"))!["user"]!.AsObject().Id(), entry["startedBy"]!.GetValue<string>());
        Assert.All(entry["tracks"]!.AsArray(), t => Assert.False(string.IsNullOrEmpty(t!["name"]?.GetValue<string>())));
        var download = (await admin.GetFromJsonAsync<JsonObject>($"/api/rooms/{roomId}/recordings/{started.Id}"))!;
        var link = download["files"]!.AsArray().First(f => f!["kind"]!.GetValue<string>() == "video")!["url"]!.GetValue<string>();
        var bytes = await factory.CreateClient().GetByteArrayAsync(link);
        Assert.Equal(video.Bytes, bytes.Length);
        Assert.Equal(HttpStatusCode.NotFound, (await factory.CreateClient().GetAsync(link[..^4] + "AAAA")).StatusCode);

        // The call's summary in the meeting history lists the recording (the room's list and the meeting itself).
        var sessionId = started.SessionId!;
        var meetings = (await admin.GetFromJsonAsync<JsonObject>($"/api/rooms/{roomId}/meetings"))!["items"]!.AsArray();
        var meeting = meetings.Single(m => m!["sessionId"]!.GetValue<string>() == sessionId)!;
        Assert.Equal(started.Id, meeting["recordings"]!.AsArray().Single()!["id"]!.GetValue<string>());
        var one = (await admin.GetFromJsonAsync<JsonObject>($"/api/rooms/{roomId}/meetings/{sessionId}"))!;
        Assert.Equal(("completed", 2), (one["recordings"]![0]!["state"]!.GetValue<string>(), one["recordings"]![0]!["tracks"]!.AsArray().Count));
    }

    [Fact]
    public async Task Stopping_when_not_recording_is_a_conflict_and_a_participant_who_is_not_host_cannot_record()
    {
        var admin = factory.CreateAdminClient();
        var roomId = (await admin.Create("/api/rooms", """{"name":"Idle"}""")).Id();
        var stop = await admin.DeleteAsync($"/api/rooms/{roomId}/recording");
        Assert.Equal(HttpStatusCode.Conflict, stop.StatusCode);
        Assert.Contains("not being recorded", await stop.Content.ReadAsStringAsync());
        Assert.Equal("application/problem+json", stop.Content.Headers.ContentType?.MediaType);

        (await admin.PostAsync($"/api/rooms/{roomId}/recording", null)).EnsureSuccessStatusCode();
        var again = await admin.PostAsync($"/api/rooms/{roomId}/recording", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var recordingId = (await admin.DeleteAsync($"/api/rooms/{roomId}/recording")) is { IsSuccessStatusCode: true } ok
            ? (await ok.Content.ReadFromJsonAsync<JsonObject>())!.Id() : throw new InvalidOperationException("stop failed");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/rooms/{roomId}/recordings/nosuchrecording")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/rooms/{roomId}/recordings/{recordingId}")).StatusCode);
        Assert.Empty((await admin.GetFromJsonAsync<JsonArray>($"/api/rooms/{roomId}/recordings"))!);

        // A member invited into the call joins as a participant, not host: the hub refuses.
        var (_, memberToken) = await factory.CreateUser("member");
        var invite = (await admin.Create($"/api/rooms/{roomId}/invites", "{}"))["token"]!.GetValue<string>();
        await using var member = await factory.ConnectHub(() => Task.FromResult<string?>(memberToken));
        await member.InvokeAsync<JoinResponse>("JoinWithInvite", roomId, invite);
        var refused = await Assert.ThrowsAsync<HubException>(() => member.InvokeAsync<Recording>("StartRecording"));
        Assert.Contains("host", refused.Message);
    }

    private static async Task<long> RtpReceived(HttpClient admin, string roomId) =>
        (await admin.GetFromJsonAsync<JsonObject>($"/api/rooms/{roomId}/media"))!["rtpPacketsReceived"]!.GetValue<long>();

    private static async Task PollAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("condition not met in time");
            await Task.Delay(50);
        }
    }

    private static async Task Poll(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("condition not met in time");
            await Task.Delay(50);
        }
    }
}

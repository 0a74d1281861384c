using Conference.Common;
using Conference.Grains.Recordings;
using Conference.Recordings;
using Conference.Server.Api;
using Conference.Server.Auth;

namespace Conference.Server.Recordings;

/// <summary>
/// Recording a room's call: start/stop (the room's host — its creator or a project admin — or an admin), and the
/// recordings of a room for whoever may see the room: list, download links, delete (host or admin).
/// </summary>
public static class RecordingsApi
{
    public static RouteGroupBuilder MapRecordingsApi(this RouteGroupBuilder api)
    {
        var rooms = api.MapGroup("/rooms/{id}").WithTags("Recordings");

        rooms.MapPost("/recording", async (HttpContext http, string id, IGrainFactory grains, RoomPolicy policy) =>
            {
                var caller = Caller.From(http);
                if (await policy.CanEnd(caller, id) is { } denied) return denied;
                var started = await grains.GetGrain<IRoomRecordingsGrain>(id).Start(caller.UserId);
                return started.Error is { } error ? Problems.From(error) : TypedResults.Created($"/api/rooms/{id}/recordings/{started.Value!.Id}", started.Value);
            })
            .WithName("StartRecording").Produces<Recording>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        rooms.MapDelete("/recording", async (HttpContext http, string id, IGrainFactory grains, RoomPolicy policy) =>
            {
                var caller = Caller.From(http);
                if (await policy.CanEnd(caller, id) is { } denied) return denied;
                var stopped = await grains.GetGrain<IRoomRecordingsGrain>(id).Stop(caller.UserId);
                return stopped.Error is { } error ? Problems.From(error) : TypedResults.Ok(stopped.Value);
            })
            .WithName("StopRecording").Produces<Recording>().ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        rooms.MapGet("/recordings", async (HttpContext http, string id, IGrainFactory grains, RoomPolicy policy) =>
                await policy.CanRead(Caller.From(http), id) is { } denied
                    ? denied
                    : TypedResults.Ok(await grains.GetGrain<IRoomRecordingsGrain>(id).List()))
            .WithName("ListRecordings").Produces<IReadOnlyList<Recording>>().ProducesProblem(StatusCodes.Status404NotFound);

        rooms.MapGet("/recordings/{recordingId}", async (HttpContext http, string id, string recordingId, IGrainFactory grains, RoomPolicy policy,
                RecordingDownloads downloads) =>
            {
                if (await policy.CanRead(Caller.From(http), id) is { } denied) return denied;
                if (!ResourceIds.IsWellFormed(recordingId)) return Problems.NotFound("Recording", recordingId);
                var found = await grains.GetGrain<IRoomRecordingsGrain>(id).Get(recordingId);
                return found.Error is { } error ? Problems.From(error) : TypedResults.Ok(await downloads.For(found.Value!, http.RequestAborted));
            })
            .WithName("GetRecording").Produces<RecordingDownload>().ProducesProblem(StatusCodes.Status404NotFound);

        rooms.MapDelete("/recordings/{recordingId}", async (HttpContext http, string id, string recordingId, IGrainFactory grains, RoomPolicy policy) =>
            {
                if (await policy.CanEnd(Caller.From(http), id) is { } denied) return denied;
                if (!ResourceIds.IsWellFormed(recordingId)) return Problems.NotFound("Recording", recordingId);
                var deleted = await grains.GetGrain<IRoomRecordingsGrain>(id).Delete(recordingId);
                return deleted.Error is { } error ? Problems.From(error) : TypedResults.NoContent();
            })
            .WithName("DeleteRecording").Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        // The file store's download links: the token is the credential (time-limited), like a presigned URL.
        api.MapGet("/recordings/files/{token}", async (HttpContext http, string token, RecordingDownloads downloads, IRecordingStore store) =>
                downloads.KeyOf(token) is { } key && await store.OpenReadAsync(key, http.RequestAborted) is { } stream
                    ? Results.Stream(stream, RecordingKeys.ContentType(key), Path.GetFileName(key))
                    : Problems.NotFound("Recording file", "link"))
            .AllowAnonymous().WithTags("Recordings").WithName("DownloadRecordingFile").Produces(StatusCodes.Status200OK, contentType: "video/webm", additionalContentTypes: ["video/x-matroska"])
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }
}

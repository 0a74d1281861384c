using System.Globalization;
using Conference.Catalogs;
using Conference.Chat;
using Conference.Common;
using Conference.Grains.Catalogs;
using Conference.Rooms;
using Conference.Server.Api;
using Conference.Server.Auth;
using Conference.Tasks;

namespace Conference.Server.Meetings;

/// <summary>
/// Meetings inside the work: a chat message becomes a task of the room's project (linking back to the meeting),
/// and each call of a room is summarised with who attended, for how long, and the tasks made in it.
/// </summary>
public static class MeetingsApi
{
    private const int MaxTaskName = 200;

    public static RouteGroupBuilder MapMeetingsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/rooms/{id}/messages/{messageId}/task", CreateTaskFromMessage).WithTags("Meetings")
            .WithName("CreateTaskFromMessage").Accepts<MeetingTaskInput>("application/json").Produces<TaskItem>(StatusCodes.Status201Created)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet("/rooms/{id}/meetings", async (HttpContext http, string id, IGrainFactory grains, RoomPolicy policy, TimeProvider time) =>
            {
                if (await policy.CanRead(Caller.From(http), id) is { } denied) return denied;
                var query = new ListQuery(http.Request);
                var page = query.Page();
                if (query.Problem is { } problem) return problem;
                var meetings = (await grains.GetGrain<IRoomGrain>(id).GetMeetings()).Value ?? [];
                return TypedResults.Ok(await PageOf(meetings, page, grains, time.GetUtcNow()));
            })
            .WithTags("Meetings").WithName("ListRoomMeetings").WithPaging().Produces<Page<MeetingSummary>>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/rooms/{id}/meetings/{sessionId}", async (HttpContext http, string id, string sessionId, IGrainFactory grains,
                RoomPolicy policy, TimeProvider time) =>
            {
                if (await policy.CanRead(Caller.From(http), id) is { } denied) return denied;
                var meetings = (await grains.GetGrain<IRoomGrain>(id).GetMeetings()).Value ?? [];
                return meetings.FirstOrDefault(m => m.Session.Id == sessionId) is { } meeting
                    ? TypedResults.Ok(await MeetingSummaries.Of(meeting, grains, time.GetUtcNow()))
                    : Problems.NotFound("Meeting", sessionId);
            })
            .WithTags("Meetings").WithName("GetRoomMeeting").Produces<MeetingSummary>().ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/projects/{id}/meetings", async (HttpContext http, string id, IGrainFactory grains, ProjectPolicy projects, TimeProvider time) =>
            {
                if (await projects.CanRead(Caller.From(http), id) is { } denied) return denied;
                var query = new ListQuery(http.Request);
                var page = query.Page();
                if (query.Problem is { } problem) return problem;
                var roomIds = await CatalogPages.Ids(grains.GetGrain<IRoomCatalogGrain>(CatalogKeys.All), new RoomFilter(ProjectId: id));
                var meetings = new List<MeetingRecord>();
                foreach (var roomId in roomIds)
                    meetings.AddRange((await grains.GetGrain<IRoomGrain>(roomId).GetMeetings()).Value ?? []);
                var newestFirst = meetings.OrderByDescending(m => m.Session.StartedAt).ThenBy(m => m.Session.Id, StringComparer.Ordinal).ToList();
                return TypedResults.Ok(await PageOf(newestFirst, page, grains, time.GetUtcNow()));
            })
            .WithTags("Meetings").WithName("ListProjectMeetings").WithPaging().Produces<Page<MeetingSummary>>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<IResult> CreateTaskFromMessage(HttpContext http, string id, string messageId, IGrainFactory grains,
        RoomPolicy rooms, ProjectPolicy projects, ILogger<MeetingTaskInput> log)
    {
        var caller = Caller.From(http);
        if (await rooms.CanRead(caller, id) is { } hidden) return hidden;
        var room = (await grains.GetGrain<IRoomGrain>(id).Get()).Value!;
        if (room.ProjectId is not { } projectId)
            return Problems.From(ResourceError.Conflict("The room is not part of a project: its messages cannot become tasks."));
        if (await projects.CanWrite(caller, projectId) is { } denied) return denied;
        var body = await RequestBody.Read<MeetingTaskInput>(http.Request);
        if (body.Problem is { } problem) return problem;
        var found = await grains.GetGrain<IChatGrain>(id).Get(messageId);
        if (found.Value is not { } message) return Problems.NotFound("Message", messageId);
        if (message.Deleted) return Problems.From(ResourceError.Conflict("The message was deleted."));

        var name = body.Value!.Name ?? NameFrom(message.Text);
        var link = $"From the meeting [{room.Name}](/rooms/{room.Id}), {message.Author.Name} at "
            + message.SentAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) + ".";
        var taskId = ResourceIds.New();
        var created = await grains.GetGrain<ITaskGrain>(taskId).Create(projectId,
            new TaskInput(name, $"{message.Text}\n\n{link}", null, body.Value.Assignee, null, null), caller.UserId);
        if (created.Error is { } error) return Problems.From(error);
        if ((await grains.GetGrain<IRoomGrain>(id).AddMeetingTask(taskId, message.Id, message.SentAt, caller.UserId)).Error is { } notLinked)
            log.LogError("Task {Task} from message {Message} of room {Room} was created but not linked to the meeting: {Error}",
                taskId, message.Id, id, notLinked.Message);
        Preconditions.SetETag(http.Response, created.Value!);
        return TypedResults.Created($"/api/tasks/{taskId}", created.Value);
    }

    /// <summary>The message's first non-empty line, cut to what a task name may hold.</summary>
    private static string NameFrom(string text)
    {
        var line = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? text.Trim();
        return line.Length <= MaxTaskName ? line : line[..(MaxTaskName - 1)] + "…";
    }

    private static async Task<Page<MeetingSummary>> PageOf(IReadOnlyList<MeetingRecord> meetings, PageRequest page, IGrainFactory grains,
        DateTimeOffset now)
    {
        var start = PageCursor.TryDecode(page.Cursor, out var offset) && offset > 0 ? (int)Math.Min(offset, meetings.Count) : 0;
        var items = new List<MeetingSummary>();
        foreach (var meeting in meetings.Skip(start).Take(page.Limit)) items.Add(await MeetingSummaries.Of(meeting, grains, now));
        var next = start + page.Limit < meetings.Count ? PageCursor.Encode(start + page.Limit) : null;
        return new Page<MeetingSummary>(items, next);
    }
}

using Conference.Recordings;
using Conference.Rooms;
using Conference.Tasks;

namespace Conference.Server.Meetings;

/// <summary>One call of a room as the REST API shows it: when, who attended and how long, the tasks made in it and its recordings.</summary>
public sealed record MeetingSummary(
    string RoomId,
    string RoomName,
    string? ProjectId,
    string SessionId,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    long DurationSeconds,
    IReadOnlyList<MeetingAttendee> Attendees,
    IReadOnlyList<MeetingTaskSummary> Tasks,
    IReadOnlyList<Recording> Recordings);

/// <summary>A user who was in the call, with the seconds they were connected (all their joins added up).</summary>
public sealed record MeetingAttendee(string UserId, string Name, long Seconds);

/// <summary>A task made from the call's chat, as it is now (tasks deleted since are left out).</summary>
public sealed record MeetingTaskSummary(string TaskId, string Name, TaskItemStatus Status, string? WorkflowStatus, string MessageId,
    string CreatedBy, DateTimeOffset CreatedAt);

/// <summary>Turning a chat message into a task: both fields optional (the name defaults to the message's first line).</summary>
public sealed record MeetingTaskInput(string? Name, string? Assignee);

public static class MeetingSummaries
{
    public static async Task<MeetingSummary> Of(MeetingRecord meeting, IGrainFactory grains, DateTimeOffset now)
    {
        var session = meeting.Session;
        var attendees = session.Attendance.GroupBy(a => a.UserId)
            .Select(g => new MeetingAttendee(g.Key, g.Last().Name, (long)g.Sum(a => ((a.LeftAt ?? now) - a.JoinedAt).TotalSeconds)))
            .ToList();
        var tasks = new List<MeetingTaskSummary>();
        foreach (var made in meeting.Tasks)
            if ((await grains.GetGrain<ITaskGrain>(made.TaskId).Get()).Value is { } task)
                tasks.Add(new MeetingTaskSummary(task.Id, task.Name, task.Status, task.WorkflowStatus, made.MessageId, made.CreatedBy, made.CreatedAt));
        var duration = (long)((session.EndedAt ?? now) - session.StartedAt).TotalSeconds;
        var recordings = (await grains.GetGrain<IRoomRecordingsGrain>(meeting.Room.Id).List()).Where(r => r.SessionId == session.Id)
            .OrderBy(r => r.StartedAt).ToList();
        return new MeetingSummary(meeting.Room.Id, meeting.Room.Name, meeting.Room.ProjectId, session.Id, session.StartedAt, session.EndedAt,
            duration, attendees, tasks, recordings);
    }
}

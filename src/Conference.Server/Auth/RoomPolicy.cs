using Conference.Catalogs;
using Conference.Common;
using Conference.Grains.Catalogs;
using Conference.Projects;
using Conference.Rooms;
using Conference.Server.Api;

namespace Conference.Server.Auth;

/// <summary>
/// A room in a project follows the project's rules (its members see and join it; guests cannot create or end
/// it); a room outside any project is visible to its creator and admins (invite links come with meetings).
/// </summary>
public sealed class RoomPolicy(IGrainFactory grains, ProjectPolicy projects)
{
    public async Task<IResult?> CanCreate(Caller caller, RoomInput input)
    {
        if (input.ProjectId is { } projectId && ResourceIds.IsWellFormed(projectId))
            return await projects.CanWrite(caller, projectId) is { } denied ? Invalid(denied) : null;
        return caller.IsGuest ? ProjectPolicy.Forbidden("Guests cannot create rooms.") : null;
    }

    public Task<IResult?> CanRead(Caller caller, string roomId) => Check(caller, roomId, (room, _) => Task.FromResult<IResult?>(null));

    /// <summary>Posting and editing chat is writing: guests, read-only everywhere, read the chat but do not post.</summary>
    public Task<IResult?> CanChat(Caller caller, string roomId) => Check(caller, roomId, (room, _) =>
        Task.FromResult(caller.IsGuest ? ProjectPolicy.Forbidden(GuestsCannotChat) : null));

    public const string GuestsCannotChat = "Guests have read-only access: they can read the chat but not post in it.";

    public Task<IResult?> CanEnd(Caller caller, string roomId) => Check(caller, roomId, async (room, visible) =>
        caller.IsAdmin || room.CreatedBy == caller.UserId
            ? null
            : room.ProjectId is { } projectId ? await projects.CanAdminister(caller, projectId) : ProjectPolicy.Forbidden("Only the room's creator can end it."));

    /// <summary>What the caller may list: everything for admins, else their rooms and their projects' rooms.</summary>
    public async Task<RoomFilter> Visible(Caller caller, RoomStatus? status, string? projectId)
    {
        if (caller.IsAdmin) return new RoomFilter(status, projectId);
        return new RoomFilter(status, projectId, caller.UserId, await projects.VisibleIds(caller));
    }

    private async Task<IResult?> Check(Caller caller, string roomId, Func<Room, bool, Task<IResult?>> then)
    {
        if (!ResourceIds.IsWellFormed(roomId) || (await grains.GetGrain<IRoomGrain>(roomId).Get()).Value is not { } room)
            return Problems.NotFound("Room", roomId);
        var visible = caller.IsAdmin || room.CreatedBy == caller.UserId
            || (room.ProjectId is { } projectId && await projects.CanRead(caller, projectId) is null);
        return visible ? await then(room, visible) : Problems.NotFound("Room", roomId);
    }

    // A project the caller cannot use is reported on the field that named it.
    private static IResult Invalid(IResult denied) =>
        denied is Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult { StatusCode: StatusCodes.Status403Forbidden }
            ? denied
            : Problems.Invalid("projectId", "'projectId' must be the id of a project you are a member of.");
}

using Conference.Recordings;
using Conference.Rooms;
using Conference.Server.Auth;
using Microsoft.AspNetCore.SignalR;

namespace Conference.Server.Meetings;

/// <summary>Recording from the call: the room's host (its creator joins as host) or an admin starts and stops it.</summary>
public sealed partial class ConferenceHub
{
    public async Task<Recording> StartRecording()
    {
        var roomId = await RecordingHost();
        return Unwrap(await grains.GetGrain<IRoomRecordingsGrain>(roomId).Start(Caller.From(Context.User!).UserId));
    }

    public async Task<Recording> StopRecording()
    {
        var roomId = await RecordingHost();
        return Unwrap(await grains.GetGrain<IRoomRecordingsGrain>(roomId).Stop(Caller.From(Context.User!).UserId));
    }

    private async Task<string> RecordingHost()
    {
        var (roomId, participantId) = Membership();
        if (!Caller.From(Context.User!).IsAdmin && await grains.GetGrain<IRoomGrain>(roomId).RoleOf(participantId) != RoomRole.Host)
            throw new HubException("Only the room's host or an admin can start or stop recording.");
        return roomId;
    }

    private async Task<Recording?> ActiveRecording(string roomId)
    {
        try { return await grains.GetGrain<IRoomRecordingsGrain>(roomId).Active(); }
        catch (OrleansException) { return null; }
    }
}

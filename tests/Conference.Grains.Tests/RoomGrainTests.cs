using Conference.Catalogs;
using Conference.Rooms;

namespace Conference.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class RoomGrainTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Grains;

    private async Task<IRoomGrain> NewRoom()
    {
        var room = _grains.GetGrain<IRoomGrain>(ResourceIds.New());
        Assert.True((await room.Create(new RoomInput("Standup", null), "creator00000000000000000000")).IsSuccess);
        return room;
    }

    // On the real clock: pinning the silos' shared TimeProvider would move Orleans' activation collector too. The
    // room grain has no deactivation hook, so a deactivation loses its participants as a dead silo does.
    [Fact]
    public async Task A_session_open_when_its_activation_died_is_closed_at_the_last_time_it_was_alive_not_at_reactivation()
    {
        var room = await NewRoom();
        await room.Join("ann", "Ann", RoomRole.Host);
        var joinedAt = Assert.Single((await room.GetSessions(new PageRequest(10, null))).Value!.Items).StartedAt;

        // The activation goes away with its participant still in (as when its silo dies; no heartbeat in between:
        // the test cluster's AliveInterval is an hour), and comes back seconds later.
        await room.Cast<Orleans.Core.Internal.IGrainManagementExtension>().DeactivateOnIdle();
        await Task.Delay(TimeSpan.FromSeconds(2));
        var reactivatedAfter = DateTimeOffset.UtcNow;
        var session = Assert.Single((await room.GetSessions(new PageRequest(10, null))).Value!.Items);

        Assert.Equal(joinedAt, session.EndedAt);                 // the last time it was known alive: the join
        Assert.True(session.EndedAt < reactivatedAfter, "closed at its reactivation instead of when it was last alive");
        Assert.Equal(joinedAt, Assert.Single(session.Attendance).LeftAt);
        Assert.Null((await room.Get()).Value!.ActiveSessionId);
    }

    [Fact]
    public async Task A_call_session_records_who_was_there_from_first_join_to_last_leave()
    {
        var room = await NewRoom();

        var ann = (await room.Join("ann", "Ann", RoomRole.Host)).Value!;
        var bob = (await room.Join("bob", "Bob", RoomRole.Participant)).Value!;
        var during = (await room.Get()).Value!;
        await room.Leave(ann.ParticipantId);
        await room.Leave(bob.ParticipantId);
        var after = (await room.Get()).Value!;
        var session = Assert.Single((await room.GetSessions(new PageRequest(10, null))).Value!.Items);

        Assert.Equal(RoomStatus.Active, during.Status);
        Assert.NotNull(during.ActiveSessionId);
        Assert.Null(after.ActiveSessionId);
        Assert.Equal(during.ActiveSessionId, session.Id);
        Assert.NotNull(session.EndedAt);
        Assert.Equal(["ann", "bob"], session.Attendance.Select(a => a.UserId));
        Assert.All(session.Attendance, a => Assert.True(a.LeftAt >= a.JoinedAt));
        Assert.Equal(2, bob.Participants.Count);
    }

    [Fact]
    public async Task Tracks_are_published_muted_and_unpublished_with_validation()
    {
        var room = await NewRoom();
        var me = (await room.Join("cy", "Cy", RoomRole.Host)).Value!.ParticipantId;

        var camera = (await room.Publish(me, new TrackInput(TrackKind.Video, TrackSource.Camera))).Value!;
        var screen = (await room.Publish(me, new TrackInput(TrackKind.Video, TrackSource.Screen))).Value!;
        var mic = (await room.Publish(me, new TrackInput(TrackKind.Audio, TrackSource.Microphone))).Value!;
        var wrong = await room.Publish(me, new TrackInput(TrackKind.Audio, TrackSource.Camera));
        var muted = await room.SetMuted(me, mic.TrackId, true);
        await room.Unpublish(me, screen.TrackId);
        var tracks = (await room.GetParticipants()).Value!.Single().Tracks;

        Assert.Equal(["source"], wrong.Error!.Fields!.Keys);
        Assert.True(muted.Value!.Muted);
        Assert.Equal([camera.TrackId, mic.TrackId], tracks.Select(t => t.TrackId));
        Assert.Equal(ErrorKind.NotFound, (await room.Publish("nobody", new TrackInput(TrackKind.Audio, TrackSource.Microphone))).Error?.Kind);
    }

    [Fact]
    public async Task A_dropped_participant_is_removed_after_the_grace_period_unless_it_resumes()
    {
        var room = await NewRoom();
        var stays = (await room.Join("dee", "Dee", RoomRole.Participant)).Value!.ParticipantId;
        var goes = (await room.Join("eve", "Eve", RoomRole.Participant)).Value!.ParticipantId;
        await room.Publish(stays, new TrackInput(TrackKind.Audio, TrackSource.Microphone));

        await room.Disconnected(stays);
        await room.Disconnected(goes);
        var resumed = await room.Resume(stays, "dee");
        var remaining = await Poll(async () => (await room.GetParticipants()).Value!, p => p.Count == 1);

        Assert.True(resumed.IsSuccess);
        Assert.Equal(stays, remaining.Single().ParticipantId);
        Assert.Single(remaining.Single().Tracks); // resumed without re-publishing
        Assert.Equal(ErrorKind.NotFound, (await room.Resume(goes, "eve")).Error?.Kind);
    }

    [Fact]
    public async Task Ending_a_room_closes_its_call_and_refuses_new_joins()
    {
        var room = await NewRoom();
        await room.Join("fay", "Fay", RoomRole.Host);

        var ended = await room.End(null);
        var late = await room.Join("gus", "Gus", RoomRole.Participant);

        Assert.Equal(RoomStatus.Ended, ended.Value!.Status);
        Assert.NotNull(ended.Value.EndedAt);
        Assert.Equal(ErrorKind.Conflict, late.Error?.Kind);
        Assert.Empty((await room.GetParticipants()).Value!);
        Assert.NotNull((await room.GetSessions(new PageRequest(10, null))).Value!.Items.Single().EndedAt);
        var listed = await _grains.GetGrain<IRoomCatalogGrain>(CatalogKeys.All).List(new RoomFilter(RoomStatus.Ended), new PageRequest(200, null));
        Assert.Contains(room.GetPrimaryKeyString(), listed.Items);
    }

    [Fact]
    public async Task Sessions_page_newest_first()
    {
        var room = await NewRoom();
        for (var i = 0; i < 5; i++)
            await room.Leave((await room.Join($"u{i}", $"U{i}", RoomRole.Participant)).Value!.ParticipantId);

        var first = (await room.GetSessions(new PageRequest(2, null))).Value!;
        var second = (await room.GetSessions(new PageRequest(2, first.NextCursor))).Value!;
        var third = (await room.GetSessions(new PageRequest(2, second.NextCursor))).Value!;

        var users = first.Items.Concat(second.Items).Concat(third.Items).Select(s => s.Attendance.Single().UserId);
        Assert.Equal(["u4", "u3", "u2", "u1", "u0"], users);
        Assert.Null(third.NextCursor);
    }

    private static async Task<T> Poll<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline) return value;
            await Task.Delay(50);
        }
    }
}

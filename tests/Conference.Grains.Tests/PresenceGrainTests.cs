using Conference.Presence;

namespace Conference.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class PresenceGrainTests(ClusterFixture fixture)
{
    private IPresenceGrain NewUser() => fixture.Grains.GetGrain<IPresenceGrain>(ResourceIds.New());

    [Fact]
    public async Task Status_follows_connections_calls_and_away()
    {
        var user = NewUser();
        var before = await user.Get();

        await user.Connected("c1");
        var online = await user.Get();
        await user.Connected("c2");
        await user.SetAway("c1", true);
        var stillOnline = await user.Get();
        await user.SetAway("c2", true);
        var away = await user.Get();
        await user.EnteredRoom("c2", ResourceIds.New());
        var inCall = await user.Get();
        await user.LeftRoom("c2");
        await user.Disconnected("c1", clean: true);
        await user.Disconnected("c2", clean: true);
        var offline = await user.Get();

        Assert.Equal(PresenceStatus.Offline, before.Status);
        Assert.Null(before.LastSeen);
        Assert.Equal(PresenceStatus.Online, online.Status);
        Assert.Equal(PresenceStatus.Online, stillOnline.Status);
        Assert.Equal(PresenceStatus.Away, away.Status);
        Assert.Equal(PresenceStatus.InCall, inCall.Status);
        Assert.Equal(PresenceStatus.Offline, offline.Status);
        Assert.NotNull(offline.LastSeen);
    }

    [Fact]
    public async Task A_lost_connection_goes_offline_only_after_the_grace_period()
    {
        var user = NewUser();
        await user.Connected("c1");

        await user.Disconnected("c1", clean: false);
        var rightAfter = await user.Get();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var later = await user.Get();
        while (later.Status != PresenceStatus.Offline && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            later = await user.Get();
        }

        Assert.Equal(PresenceStatus.Online, rightAfter.Status);
        Assert.Equal(PresenceStatus.Offline, later.Status);
        Assert.NotNull(later.LastSeen);
    }
}

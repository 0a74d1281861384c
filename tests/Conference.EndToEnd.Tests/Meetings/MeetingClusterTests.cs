using static Conference.EndToEnd.Tests.Meetings.MeetingRoom;

namespace Conference.EndToEnd.Tests.Meetings;

/// <summary>
/// Meetings when the hub runs on one silo and the media router on another (issue #4): three Chromiums signal
/// through the `gateway,core` process, their media goes through the `sfu` process, and each decodes the others.
/// </summary>
[Collection(MeetingCollection.Name)]
[Trait("Category", "Browser")]
public sealed class MeetingClusterTests(MeetingFixture browser, GatewayAndSfuSilos cluster) : IClassFixture<GatewayAndSfuSilos>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [LoopbackNamespaceFact]
    public async Task Three_participants_signaling_through_the_gateway_silo_get_each_others_media_from_the_sfu_silo()
    {
        await using var room = new MeetingRoom(cluster.Gateway, browser.OpenParticipantAsync, await cluster.Accounts.CreateRoomAsync("two silos"));
        await room.RunAsync(async () =>
        {
            var ada = await room.JoinAsync(cluster.Accounts.Users[0]);
            var grace = await room.JoinAsync(cluster.Accounts.Users[1]);
            var linus = await room.JoinAsync(cluster.Accounts.Users[2]);
            ChromiumParticipant[] all = [ada, grace, linus];

            foreach (var at in all)
            {
                await WaitForFlowAsync(at, CameraAndMicrophone(all.Where(p => p != at).ToArray()), Timeout);
                // The router that answered is the sfu process's media socket (the gateway process has none).
                Assert.Equal($"127.0.0.1:{cluster.Sfu.MediaPort}", at.Joined.GetProperty("router").GetProperty("mediaEndPoint").GetString());
            }
        });
    }
}

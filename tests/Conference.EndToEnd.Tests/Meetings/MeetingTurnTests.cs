using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;
using static Conference.EndToEnd.Tests.Meetings.MeetingRoom;

namespace Conference.EndToEnd.Tests.Meetings;

/// <summary>
/// A participant that may only use a TURN relay (issue #6): coturn on 127.0.0.1 with use-auth-secret, the same
/// secret given to the server (Conference:Rtc:TurnSecret), the ICE servers from the JoinResponse, and
/// iceTransportPolicy "relay" in Chromium. Media must flow both ways through the relay and the SFU.
/// </summary>
[Collection(MeetingCollection.Name)]
[Trait("Category", "Browser")]
public sealed class MeetingTurnTests(MeetingFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [LoopbackNamespaceFact]
    public async Task A_relay_only_participant_and_a_direct_one_decode_each_others_video_through_coturn()
    {
        await using var coturn = await CoturnServer.StartAsync(fixture.TurnPort, MeetingFixture.TurnSecret, MeetingFixture.TurnRealm, Timeout);
        await using var room = await MeetingRoom.CreateAsync(fixture, "relay");
        await room.RunAsync(async () =>
        {
            try
            {
                var ada = await room.JoinAsync(fixture.Users[0], new JsonObject { ["iceTransportPolicy"] = "relay" });
                var grace = await room.JoinAsync(fixture.Users[1]);

                await WaitForFlowAsync(grace, CameraAndMicrophone(ada), Timeout);
                await WaitForFlowAsync(ada, CameraAndMicrophone(grace), Timeout);

                var iceServers = await ada.EvaluateAsync("() => meeting.iceServers");
                var turn = iceServers.EnumerateArray().Single(s => s.GetProperty("urls")[0].GetString()!.StartsWith("turn:", StringComparison.Ordinal));
                Assert.EndsWith($":{fixture.Users[0].Id}", turn.GetProperty("username").GetString()); // <unix expiry>:<user id>
                foreach (string connection in new[] { "publisher", "subscriber" })
                {
                    var pair = await ada.EvaluateAsync("c => meeting.selectedPair(c)", connection);
                    output.WriteLine($"Ada's {connection} connection: {pair}");
                    Assert.Equal("relay", pair.GetProperty("local").GetString());
                    Assert.Equal($"127.0.0.1:{fixture.Server.MediaPort}", pair.GetProperty("remoteAddress").GetString());
                }
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"{e.Message}\n--- coturn log ---\n{coturn.Log}", e);
            }
        });
    }
}

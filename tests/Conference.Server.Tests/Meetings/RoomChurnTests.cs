using System.Threading.Channels;
using Conference.Rooms;
using Conference.Server.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;

namespace Conference.Server.Tests.Meetings;

/// <summary>
/// Two participants on one gateway leave and join again at the same moment, many times: each must still get
/// the other's room events afterwards. (The gateway's room subscription used to be dropped when the last
/// connection's Unsubscribe reached the room grain after the next connection's Subscribe.)
/// </summary>
public sealed class RoomChurnTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const int Rounds = 30;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Participants_leaving_and_joining_again_at_the_same_moment_keep_getting_every_room_event()
    {
        var admin = factory.CreateAdminClient();
        var projectId = (await admin.Create("/api/projects", """{"name":"Churn"}""")).Id();
        var (memberId, memberToken) = await factory.CreateUser("member");
        await admin.Create($"/api/projects/{projectId}/members", $$"""{"userId":"{{memberId}}"}""");
        var roomId = (await admin.Create("/api/rooms", $$"""{"name":"Churn","projectId":"{{projectId}}"}""")).Id();

        var aEvents = Channel.CreateUnbounded<RoomEvent>();
        var bEvents = Channel.CreateUnbounded<RoomEvent>();
        await using var a = await factory.ConnectHub(async () => await factory.AdminToken(), c => c.On<RoomEvent>(RoomEventTypes.Typing, e => aEvents.Writer.TryWrite(e)));
        await using var b = await factory.ConnectHub(() => Task.FromResult<string?>(memberToken), c => c.On<RoomEvent>(RoomEventTypes.Typing, e => bEvents.Writer.TryWrite(e)));
        await a.InvokeAsync<Conference.Server.Meetings.JoinResponse>("Join", roomId);
        await b.InvokeAsync<Conference.Server.Meetings.JoinResponse>("Join", roomId);

        for (var round = 0; round < Rounds; round++)
        {
            static async Task<string> Rejoin(HubConnection connection, string room)
            {
                await connection.InvokeAsync("Leave");
                return (await connection.InvokeAsync<Conference.Server.Meetings.JoinResponse>("Join", room)).ParticipantId;
            }
            await Task.Delay(200); // stays under the hub's per-connection rate limit
            var rejoined = await Task.WhenAll(Rejoin(a, roomId), Rejoin(b, roomId));

            await a.InvokeAsync("Typing");
            await Expect(bEvents, rejoined[0], round, "b");
            await b.InvokeAsync("Typing");
            await Expect(aEvents, rejoined[1], round, "a");
        }
    }

    private static async Task Expect(Channel<RoomEvent> events, string from, int round, string who)
    {
        using var timeout = new CancellationTokenSource(Wait);
        try
        {
            while ((await events.Reader.ReadAsync(timeout.Token)).ParticipantId != from) { }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"Round {round}: {who} got no room event from {from} within {Wait.TotalSeconds} s.");
        }
    }
}

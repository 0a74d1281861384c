using System.Threading.Channels;
using Conference.Rooms;
using Conference.Server.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Conference.Server.Tests.Cluster;

/// <summary>
/// One core+sfu silo process and two gateway-only processes (Orleans clients): members connected to different
/// gateways see each other join, chat and type, because each gateway subscribes its own observer to the room.
/// </summary>
[Trait("Category", "Cluster")]
public sealed class MultiGatewayTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task Members_on_different_gateways_see_each_others_presence_chat_and_typing()
    {
        await using var cluster = await TwoGatewayCluster.Start("conference-gw");
        var (gatewayA, gatewayB) = (cluster.GatewayA, cluster.GatewayB);

        await cluster.WithLogs(async () =>
        {
            var adminEmail = HttpJson.UniqueEmail("admin");
            await gatewayA.Client.Create("/api/auth/register", $$"""{"name":"Ada","email":"{{adminEmail}}","password":"{{ApiFactory.Password}}"}""");
            var adminToken = await TwoGatewayCluster.Login(gatewayA, adminEmail);
            gatewayA.Client.DefaultRequestHeaders.Authorization = new("Bearer", adminToken);
            var memberEmail = HttpJson.UniqueEmail("bo");
            await gatewayA.Client.Create("/api/users", $$"""{"name":"Bo","email":"{{memberEmail}}","password":"{{ApiFactory.Password}}"}""");
            var roomId = (await gatewayA.Client.Create("/api/rooms", """{"name":"Across gateways"}""")).Id();
            var memberToken = await TwoGatewayCluster.Login(gatewayB, memberEmail);

            var onA = Channel.CreateUnbounded<RoomEvent>();
            var onB = Channel.CreateUnbounded<RoomEvent>();
            await using var ada = await Connect(gatewayA, adminToken, onA);
            await using var bo = await Connect(gatewayB, memberToken, onB);
            await ada.InvokeAsync<Conference.Server.Meetings.JoinResponse>("Join", roomId);
            // Bo is no member of a project: an admin's room outside projects is visible to its creator only.
            await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => bo.InvokeAsync<Conference.Server.Meetings.JoinResponse>("Join", roomId));

            var projectId = (await gatewayA.Client.Create("/api/projects", """{"name":"Shared"}""")).Id();
            var boId = (await (await gatewayA.Client.GetAsync("/api/users?limit=200")).Json())["items"]!.AsArray()
                .Select(u => u!.AsObject()).Single(u => u["email"]!.GetValue<string>() == memberEmail).Id();
            await gatewayA.Client.Create($"/api/projects/{projectId}/members", $$"""{"userId":"{{boId}}"}""");
            var sharedRoom = (await gatewayA.Client.Create("/api/rooms", $$"""{"name":"Shared room","projectId":"{{projectId}}"}""")).Id();
            await ada.InvokeAsync("Leave");
            await ada.InvokeAsync<Conference.Server.Meetings.JoinResponse>("Join", sharedRoom);
            var boJoined = await bo.InvokeAsync<Conference.Server.Meetings.JoinResponse>("Join", sharedRoom);

            var joinedSeenOnA = await Next(onA, RoomEventTypes.ParticipantJoined, e => e.ParticipantId == boJoined.ParticipantId);
            var sent = new List<long>();
            for (var i = 0; i < 3; i++)
                sent.Add((await bo.InvokeAsync<Conference.Chat.ChatMessage>("SendMessage", new Conference.Chat.ChatInput($"from B {i}"))).Sequence);
            sent.Add((await ada.InvokeAsync<Conference.Chat.ChatMessage>("SendMessage", new Conference.Chat.ChatInput("from A"))).Sequence);
            await bo.InvokeAsync("Typing");

            foreach (var events in new[] { onA, onB })
            {
                var received = new List<long>();
                for (var i = 0; i < 4; i++) received.Add((await Next(events, RoomEventTypes.ChatMessage, _ => true)).Message!.Sequence);
                Assert.Equal(sent, received);
            }
            Assert.Equal(boJoined.ParticipantId, (await Next(onA, RoomEventTypes.Typing, _ => true)).ParticipantId);
            Assert.Equal("Bo", joinedSeenOnA.Participant!.Name);
        });
    }


    private static async Task<HubConnection> Connect(ServerProcess gateway, string token, Channel<RoomEvent> events)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl($"http://127.0.0.1:{gateway.HttpPort}/hubs/conference", o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .AddJsonProtocol(json => Conference.Server.Api.JsonSetup.Apply(json.PayloadSerializerOptions))
            .Build();
        foreach (var type in new[] { RoomEventTypes.ParticipantJoined, RoomEventTypes.ChatMessage, RoomEventTypes.Typing })
            connection.On<RoomEvent>(type, e => events.Writer.TryWrite(e));
        await connection.StartAsync();
        return connection;
    }

    private static async Task<RoomEvent> Next(Channel<RoomEvent> events, string type, Func<RoomEvent, bool> match)
    {
        using var timeout = new CancellationTokenSource(Wait);
        while (true)
        {
            var e = await events.Reader.ReadAsync(timeout.Token);
            if (e.Type == type && match(e)) return e;
        }
    }
}

using System.Threading.Channels;
using Conference.Rooms;
using Conference.Server.Tests.Support;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Conference.Server.Tests.Meetings;

/// <summary>The signaling hub: joins, events between participants, and refusals (docs/protocol.md).</summary>
public sealed class ConferenceHubTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private readonly HttpClient _admin = factory.CreateAdminClient();

    private async Task<HubConnection> Connect(Func<Task<string?>> token, Channel<RoomEvent>? events = null)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(factory.Server.BaseAddress, "hubs/conference"), options =>
            {
                options.HttpMessageHandlerFactory = _ => factory.Server.CreateHandler();
                options.Transports = HttpTransportType.LongPolling;
                options.AccessTokenProvider = token;
            })
            .AddJsonProtocol(json => Conference.Server.Api.JsonSetup.Apply(json.PayloadSerializerOptions))
            .Build();
        if (events is not null)
            foreach (var type in new[] { RoomEventTypes.ParticipantJoined, RoomEventTypes.ParticipantLeft, RoomEventTypes.TrackPublished, RoomEventTypes.TrackMuted, RoomEventTypes.RoomEnded })
                connection.On<RoomEvent>(type, e => events.Writer.TryWrite(e));
        await connection.StartAsync();
        return connection;
    }

    private async Task<(string RoomId, string MemberToken)> RoomWithMember()
    {
        var projectId = (await _admin.Create("/api/projects", """{"name":"Hub"}""")).Id();
        var (memberId, memberToken) = await factory.CreateUser("member");
        await _admin.Create($"/api/projects/{projectId}/members", $$"""{"userId":"{{memberId}}"}""");
        var roomId = (await _admin.Create("/api/rooms", $$"""{"name":"Sync","projectId":"{{projectId}}"}""")).Id();
        return (roomId, memberToken);
    }

    [Fact]
    public async Task Participants_see_each_other_join_publish_mute_and_leave()
    {
        var (roomId, memberToken) = await RoomWithMember();
        var hostEvents = Channel.CreateUnbounded<RoomEvent>();
        await using var host = await Connect(async () => await factory.AdminToken(), hostEvents);
        await using var member = await Connect(() => Task.FromResult<string?>(memberToken));

        var hostJoin = await host.InvokeAsync<Conference.Server.Meetings.JoinResponse>("Join", roomId);
        var memberJoin = await member.InvokeAsync<Conference.Server.Meetings.JoinResponse>("Join", roomId);
        var camera = await member.InvokeAsync<PublishedTrack>("PublishTrack", new TrackInput(TrackKind.Video, TrackSource.Camera));
        await member.InvokeAsync<PublishedTrack>("SetMuted", camera.TrackId, true);
        await member.InvokeAsync("Leave");

        var joined = await Next(hostEvents, RoomEventTypes.ParticipantJoined, e => e.ParticipantId == memberJoin.ParticipantId);
        var published = await Next(hostEvents, RoomEventTypes.TrackPublished, e => e.Track?.TrackId == camera.TrackId);
        var muted = await Next(hostEvents, RoomEventTypes.TrackMuted, e => e.Track?.TrackId == camera.TrackId);
        var left = await Next(hostEvents, RoomEventTypes.ParticipantLeft, e => e.ParticipantId == memberJoin.ParticipantId);

        Assert.Equal(RoomRole.Host, hostJoin.Participants.Single().Role);
        Assert.Equal(2, memberJoin.Participants.Count);
        Assert.Equal(RoomRole.Participant, joined.Participant!.Role);
        Assert.Equal(TrackSource.Camera, published.Track!.Source);
        Assert.True(muted.Track!.Muted);
        Assert.NotNull(left);
        Assert.Equal(RoomStatus.Active, hostJoin.Room.Status);
    }

    [Fact]
    public async Task Unauthenticated_connections_are_refused()
    {
        await Assert.ThrowsAnyAsync<Exception>(() => Connect(() => Task.FromResult<string?>(null)));
        await Assert.ThrowsAnyAsync<Exception>(() => Connect(() => Task.FromResult<string?>("not-a-token")));
    }

    [Fact]
    public async Task Joining_a_room_the_caller_may_not_see_and_calls_before_join_are_hub_errors()
    {
        var (roomId, _) = await RoomWithMember();
        var (_, outsiderToken) = await factory.CreateUser("member");
        await using var outsider = await Connect(() => Task.FromResult<string?>(outsiderToken));

        var notVisible = await Assert.ThrowsAsync<HubException>(() => outsider.InvokeAsync<Conference.Server.Meetings.JoinResponse>("Join", roomId));
        var unknown = await Assert.ThrowsAsync<HubException>(() => outsider.InvokeAsync<Conference.Server.Meetings.JoinResponse>("Join", "nosuchroom"));
        var beforeJoin = await Assert.ThrowsAsync<HubException>(() => outsider.InvokeAsync<PublishedTrack>("PublishTrack", new TrackInput(TrackKind.Audio, TrackSource.Microphone)));

        Assert.Contains("not found", notVisible.Message);
        Assert.Contains("not found", unknown.Message);
        Assert.Contains("Join a room first", beforeJoin.Message);
    }

    [Fact]
    public async Task Bad_track_input_is_a_clear_hub_error_and_the_room_stays_intact()
    {
        var (roomId, memberToken) = await RoomWithMember();
        await using var member = await Connect(() => Task.FromResult<string?>(memberToken));
        await member.InvokeAsync<Conference.Server.Meetings.JoinResponse>("Join", roomId);

        var error = await Assert.ThrowsAsync<HubException>(() => member.InvokeAsync<PublishedTrack>("PublishTrack", new TrackInput(TrackKind.Audio, TrackSource.Screen)));
        var participants = await (await _admin.GetAsync($"/api/rooms/{roomId}/participants")).Content.ReadAsStringAsync();

        Assert.Contains("source", error.Message);
        Assert.Contains("\"participantId\"", participants);
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

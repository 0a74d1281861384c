using System.Threading.Channels;
using Conference.Rooms;
using Conference.Server.Tests.Support;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Orleans;

namespace Conference.Server.Tests.Meetings;

/// <summary>The signaling hub: joins, events between participants, and refusals (docs/protocol.md).</summary>
public sealed class ConferenceHubTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly HttpClient _admin = factory.CreateAdminClient();

    private Task<HubConnection> Connect(Func<Task<string?>> token, Channel<RoomEvent>? events = null) =>
        factory.ConnectHub(token, connection =>
        {
            if (events is null) return;
            foreach (var type in new[] { RoomEventTypes.ParticipantJoined, RoomEventTypes.ParticipantLeft, RoomEventTypes.TrackPublished, RoomEventTypes.TrackMuted, RoomEventTypes.RoomEnded,
                         RoomEventTypes.ChatMessage, RoomEventTypes.ChatMessageEdited, RoomEventTypes.ChatMessageDeleted, RoomEventTypes.Typing,
                         RoomEventTypes.Presence })
                connection.On<RoomEvent>(type, e => events.Writer.TryWrite(e));
        });

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
        Assert.NotNull(hostJoin.Router);                                   // the embedded silo has the sfu role
        Assert.EndsWith($":{hostJoin.Router!.MediaEndPoint.Split(':')[^1]}", hostJoin.Router.MediaEndPoint);
        Assert.Equal(hostJoin.Router, memberJoin.Router);                  // one router per room
        Assert.Equal(RoomRole.Participant, joined.Participant!.Role);
        Assert.Equal(TrackSource.Camera, published.Track!.Source);
        Assert.True(muted.Track!.Muted);
        Assert.NotNull(left);
        Assert.Equal(RoomStatus.Active, hostJoin.Room.Status);
    }

    [Fact]
    public async Task Chat_reaches_every_member_once_in_order_with_edits_deletes_and_typing()
    {
        var (roomId, memberToken) = await RoomWithMember();
        var hostEvents = Channel.CreateUnbounded<RoomEvent>();
        var memberEvents = Channel.CreateUnbounded<RoomEvent>();
        await using var host = await Connect(async () => await factory.AdminToken(), hostEvents);
        await using var member = await Connect(() => Task.FromResult<string?>(memberToken), memberEvents);
        await host.InvokeAsync<Conference.Server.Meetings.JoinResponse>("Join", roomId);
        await member.InvokeAsync<Conference.Server.Meetings.JoinResponse>("Join", roomId);

        var sent = new List<Conference.Chat.ChatMessage>();
        for (var i = 0; i < 5; i++)
            sent.Add(await member.InvokeAsync<Conference.Chat.ChatMessage>("SendMessage", new Conference.Chat.ChatInput($"hello {i}")));
        await member.InvokeAsync("Typing");
        var edited = await member.InvokeAsync<Conference.Chat.ChatMessage>("EditMessage", sent[0].Id, new Conference.Chat.ChatInput("hello, edited"));
        var deleted = await host.InvokeAsync<Conference.Chat.ChatMessage>("DeleteMessage", sent[1].Id); // the host moderates
        var missed = await host.InvokeAsync<List<Conference.Chat.ChatMessage>>("MessagesSince", sent[2].Id);
        var refused = await Assert.ThrowsAsync<HubException>(() => host.InvokeAsync<Conference.Chat.ChatMessage>("EditMessage", sent[3].Id, new Conference.Chat.ChatInput("not yours")));

        foreach (var events in new[] { hostEvents, memberEvents })
        {
            var received = new List<long>();
            for (var i = 0; i < 5; i++) received.Add((await Next(events, RoomEventTypes.ChatMessage, _ => true)).Message!.Sequence);
            Assert.Equal(sent.Select(m => m.Sequence), received);
            Assert.NotNull(await Next(events, RoomEventTypes.Typing, e => e.ParticipantId is not null));
            Assert.Equal("hello, edited", (await Next(events, RoomEventTypes.ChatMessageEdited, _ => true)).Message!.Text);
            Assert.True((await Next(events, RoomEventTypes.ChatMessageDeleted, _ => true)).Message!.Deleted);
        }
        Assert.True(deleted.Deleted);
        Assert.Equal("hello, edited", edited.Text);
        Assert.Equal([sent[3].Id, sent[4].Id], missed.Select(m => m.Id));
        Assert.Contains("own", refused.Message);
        Assert.Empty(Drain(hostEvents, RoomEventTypes.ChatMessage)); // exactly once
    }

    private static List<RoomEvent> Drain(Channel<RoomEvent> events, string type)
    {
        var rest = new List<RoomEvent>();
        while (events.Reader.TryRead(out var e)) if (e.Type == type) rest.Add(e);
        return rest;
    }

    [Fact]
    public async Task Presence_shows_online_then_in_call_and_is_pushed_to_the_room()
    {
        var (roomId, memberToken) = await RoomWithMember();
        var hostEvents = Channel.CreateUnbounded<RoomEvent>();
        await using var host = await Connect(async () => await factory.AdminToken(), hostEvents);
        await host.InvokeAsync<Conference.Server.Meetings.JoinResponse>("Join", roomId);
        await using var member = await Connect(() => Task.FromResult<string?>(memberToken));
        var memberJoin = await member.InvokeAsync<Conference.Server.Meetings.JoinResponse>("Join", roomId);
        var memberId = memberJoin.Participants.Single(p => p.ParticipantId == memberJoin.ParticipantId).UserId;

        var pushed = await Next(hostEvents, RoomEventTypes.Presence, e => e.UserId == memberId);
        var rest = await (await _admin.GetAsync($"/api/presence?userIds={memberId}")).Json<List<Conference.Presence.UserPresence>>();
        await member.InvokeAsync("Leave");
        var afterLeave = await Next(hostEvents, RoomEventTypes.Presence, e => e.UserId == memberId);

        Assert.Equal(Conference.Presence.PresenceStatus.InCall, pushed.Presence!.Status);
        Assert.Equal(Conference.Presence.PresenceStatus.InCall, rest.Single().Status);
        Assert.Equal(Conference.Presence.PresenceStatus.Online, afterLeave.Presence!.Status);
        await (await _admin.GetAsync("/api/presence")).Problem(400);
    }

    [Fact]
    public async Task A_publisher_offer_is_answered_by_the_sfu_and_its_media_arrives_there()
    {
        var (roomId, memberToken) = await RoomWithMember();
        await using var member = await Connect(() => Task.FromResult<string?>(memberToken));
        var beforeJoin = await Assert.ThrowsAsync<HubException>(() => member.InvokeAsync<string>("PublishOffer", "v=0"));
        await member.InvokeAsync<Conference.Server.Meetings.JoinResponse>("Join", roomId);
        await using var client = Conference.Media.Peer.WebRtcClientPeer.Create();
        var offer = client.CreateOffer(new Conference.Media.Peer.ClientOfferOptions { DataChannel = false }.WithAudio(0x1111).WithVideo(0x2222));

        var garbage = await Assert.ThrowsAsync<HubException>(() => member.InvokeAsync<string>("PublishOffer", "not sdp"));
        var answer = await member.InvokeAsync<string>("PublishOffer", offer);
        client.SetAnswer(answer);
        await client.Connected.WaitAsync(Wait);
        var audio = client.Tracks.First(t => t.Kind == "audio");
        var packet = new byte[200];
        var router = factory.Services.GetRequiredService<IGrainFactory>().GetGrain<Conference.Media.IMediaRouterGrain>(roomId);
        var received = 0L;
        for (ushort seq = 1; seq <= 200 && received == 0; seq++)
        {
            var writer = new Conference.Media.Rtp.RtpPacketWriter(packet, (byte)audio.Codecs[0].PayloadType, seq, seq * 960u, 0x1111);
            writer.TryComplete(new byte[60], out var length);
            client.SendRtp(packet.AsSpan(0, length));
            await Task.Delay(20);
            if (seq % 10 == 0) received = (await router.Describe()).RtpPacketsReceived;
        }

        Assert.Contains("Join a room first", beforeJoin.Message);
        Assert.Contains("sdp", garbage.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("a=ice-lite", answer);
        Assert.True(received > 0);
        Assert.Equal(1, (await router.Describe()).Publishers);
        await member.InvokeAsync("Leave");
        Assert.Equal(0, (await router.Describe()).Publishers);
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
    public async Task An_invite_link_lets_an_outsider_join_and_a_tampered_one_does_not()
    {
        var (roomId, _) = await RoomWithMember();
        var invite = await _admin.Create($"/api/rooms/{roomId}/invites", """{"expiresInMinutes":5}""");
        var token = invite["token"]!.GetValue<string>();
        var (_, guestToken) = await factory.CreateUser("guest");
        await using var guest = await Connect(() => Task.FromResult<string?>(guestToken));

        var tampered = await Assert.ThrowsAsync<HubException>(() => guest.InvokeAsync<Conference.Server.Meetings.JoinResponse>("JoinWithInvite", roomId, token[..^2] + "xx"));
        var (elsewhere, _) = await RoomWithMember();
        var otherRoom = await Assert.ThrowsAsync<HubException>(() => guest.InvokeAsync<Conference.Server.Meetings.JoinResponse>("JoinWithInvite", elsewhere, token));
        var joined = await guest.InvokeAsync<Conference.Server.Meetings.JoinResponse>("JoinWithInvite", roomId, token);

        Assert.Contains("not found", tampered.Message);
        Assert.Contains("not found", otherRoom.Message);
        Assert.Equal(RoomRole.Participant, joined.Participants.Single(p => p.ParticipantId == joined.ParticipantId).Role);
        Assert.Equal(["expiresInMinutes"], (await (await _admin.PostJson($"/api/rooms/{roomId}/invites", """{"expiresInMinutes":0}""")).Problem(400)).ErrorFields());
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

using Conference.Media;
using Conference.Media.Peer;
using Conference.Media.Rtp;
using Conference.Rooms;
using Conference.Server.Meetings;
using Conference.Server.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Orleans;

namespace Conference.Server.Tests.Meetings;

/// <summary>
/// One process, one SFU silo, and a room whose router checks all time out (each is given no time at all, as a check
/// starved of CPU would be): the first miss finds no other SFU silo to move the media to, the later ones see the earlier
/// check answered after its timeout (a slow router is alive). The room keeps its router and the call its media.
/// </summary>
public sealed class LoneSfuRouterTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private const string NoOtherSilo = "no other SFU silo can take the media";
    private const string AnsweredLate = "answered a check after its timeout";

    private readonly ApiFactory _factory = ApiFactory.With(new Dictionary<string, string>
    {
        ["Conference:Rooms:MediaCheckInterval"] = "00:00:00.100",
        // A check waits for nothing: it misses unless the router answered an earlier one in the meantime.
        ["Conference:Rooms:MediaCheckTimeout"] = "00:00:00",
        ["Conference:Rooms:MediaCheckMisses"] = "1",
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task A_room_whose_router_checks_miss_keeps_its_only_router_and_its_media()
    {
        var admin = _factory.CreateAdminClient();
        var projectId = (await admin.Create("/api/projects", """{"name":"Lone SFU"}""")).Id();
        var (hostId, hostToken) = await _factory.CreateUser("member");
        var (guestId, guestToken) = await _factory.CreateUser("member");
        foreach (var member in new[] { hostId, guestId })
            await admin.Create($"/api/projects/{projectId}/members", $$"""{"userId":"{{member}}"}""");
        var roomId = (await admin.Create("/api/rooms", $$"""{"name":"Sync","projectId":"{{projectId}}"}""")).Id();
        await using var host = await _factory.ConnectHub(() => Task.FromResult<string?>(hostToken));
        var moved = 0;
        host.On<RoomEvent>(RoomEventTypes.MediaMoved, _ => Interlocked.Increment(ref moved));
        await host.InvokeAsync<JoinResponse>("Join", roomId);

        int Logged(string what) => _factory.Logs.Entries.Count(e => e.Message.Contains(what));
        await Poll.Until(() => Task.FromResult(Logged(NoOtherSilo) >= 1 && Logged(AnsweredLate) >= 3), Wait,
            "the room to decline moving its media, then to see late answers");

        await using var client = WebRtcClientPeer.Create();
        var offer = client.CreateOffer(new ClientOfferOptions { DataChannel = false }.WithAudio(0x1111).WithVideo(0x2222));
        client.SetAnswer(await host.InvokeAsync<string>("PublishOffer", offer));
        await client.Connected.WaitAsync(Wait);
        var track = await host.InvokeAsync<PublishedTrack>("PublishTrack", new TrackInput(TrackKind.Audio, TrackSource.Microphone));
        var audio = client.Tracks.First(t => t.Kind == "audio");
        var grains = _factory.Services.GetRequiredService<IGrainFactory>();
        var router = grains.GetGrain<IMediaRouterGrain>(roomId);
        var packet = new byte[200];
        var received = 0L;
        for (ushort seq = 1; seq <= 500 && received == 0; seq++)
        {
            var writer = new RtpPacketWriter(packet, (byte)audio.Codecs[0].PayloadType, seq, seq * 960u, 0x1111);
            writer.TryComplete(new byte[60], out var length);
            client.SendRtp(packet.AsSpan(0, length));
            await Task.Delay(20);
            if (seq % 10 == 0) received = (await router.Describe()).RtpPacketsReceived;
        }

        // A newcomer joins the same router and is offered the host's track, while the checks go on missing.
        await using var guest = await _factory.ConnectHub(() => Task.FromResult<string?>(guestToken));
        var joined = await guest.InvokeAsync<JoinResponse>("Join", roomId);
        var subscriberOffer = await guest.InvokeAsync<MediaOffer>("Subscribe");
        var late = Logged(AnsweredLate);
        await Poll.Until(() => Task.FromResult(Logged(AnsweredLate) > late + 2), Wait, "the checks to go on timing out");

        Assert.True(received > 0, "the router received none of the publisher's packets");
        Assert.Equal(roomId, await grains.GetGrain<IRoomGrain>(roomId).RouterKey());
        Assert.Equal(2, joined.Participants.Count);
        Assert.Contains(joined.Participants, p => p.Tracks.Any(t => t.TrackId == track.TrackId));
        Assert.StartsWith("v=0", subscriberOffer.Sdp);
        Assert.Equal(1, (await router.Describe()).Publishers);
        Assert.Equal(2, (await router.Describe()).Participants);
        Assert.Equal(0, moved);
        Assert.DoesNotContain(_factory.Logs.Entries, e => e.Message.Contains("media moved") || e.Message.Contains("moving the media from"));
    }
}

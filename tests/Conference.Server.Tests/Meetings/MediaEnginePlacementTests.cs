using Conference.Server.Media;
using Conference.Server.Meetings;
using Conference.Server.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Conference.Server.Tests.Meetings;

/// <summary>
/// An SFU silo with two media engines (two UDP ports, two receive loops): rooms are spread over them by load, the
/// join response names the engine the room's router lives on, and media published there is received by that engine.
/// </summary>
public sealed class MediaEnginePlacementTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Two_rooms_get_routers_on_different_engines_and_media_reaches_the_engine_the_join_response_names()
    {
        await using var factory = ApiFactory.With(new Dictionary<string, string> { ["Conference:Media:Engines"] = "2" });
        var admin = factory.CreateAdminClient();
        var engines = factory.Services.GetRequiredService<MediaEngineHost>().Engines;
        Assert.Equal(2, engines.Count);
        var first = (await admin.Create("/api/rooms", """{"name":"One"}""")).Id();
        var second = (await admin.Create("/api/rooms", """{"name":"Two"}""")).Id();
        await using var hub = await factory.ConnectHub(async () => await factory.AdminToken());
        await using var other = await factory.ConnectHub(async () => await factory.AdminToken());

        var joinedFirst = await hub.InvokeAsync<JoinResponse>("Join", first);
        var joinedSecond = await other.InvokeAsync<JoinResponse>("Join", second);

        var endPoints = engines.Select(e => e.LocalEndPoint.ToString()).ToList();
        Assert.Contains(joinedFirst.Router!.MediaEndPoint, endPoints);
        Assert.Contains(joinedSecond.Router!.MediaEndPoint, endPoints);
        Assert.NotEqual(joinedFirst.Router.MediaEndPoint, joinedSecond.Router.MediaEndPoint); // both empty: spread, not stacked

        // Publishing in the second room: its answer's candidate and its media are on that room's engine.
        await using var client = Conference.Media.Peer.WebRtcClientPeer.Create();
        var answer = await other.InvokeAsync<string>("PublishOffer",
            client.CreateOffer(new Conference.Media.Peer.ClientOfferOptions { DataChannel = false }.WithAudio(0x1111)));
        Assert.Contains($" {joinedSecond.Router.MediaEndPoint.Replace(':', ' ')} typ host", answer);
        client.SetAnswer(answer);
        await client.Connected.WaitAsync(Wait);
        var engine = engines.Single(e => e.LocalEndPoint.ToString() == joinedSecond.Router.MediaEndPoint);
        var packet = new byte[200];
        var audio = client.Tracks.Single();
        for (ushort seq = 1; seq <= 200 && engine.Counters.RtpReceived == 0; seq++)
        {
            var writer = new Conference.Media.Rtp.RtpPacketWriter(packet, (byte)audio.Codecs[0].PayloadType, seq, seq * 960u, 0x1111);
            writer.TryComplete(new byte[60], out var length);
            client.SendRtp(packet.AsSpan(0, length));
            await Task.Delay(20);
        }
        Assert.True(engine.Counters.RtpReceived > 0);
    }
}

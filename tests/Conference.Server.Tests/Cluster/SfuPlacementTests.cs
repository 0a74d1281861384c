using Conference.Server.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;

namespace Conference.Server.Tests.Cluster;

/// <summary>
/// A 2-silo cluster, one `gateway,core` and one `sfu`: the hub runs on the first, the room's media router is
/// placed on the second (role placement), and a publisher connection made through the hub reaches the SFU
/// silo's media engine; a subscriber offer made by the router on the sfu silo reaches the subscribing client
/// through the room grain and the gateway, as the first answer to Subscribe and later as a `subscriberOffer` event.
/// </summary>
[Trait("Category", "Cluster")]
public sealed class SfuPlacementTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task The_media_router_runs_on_the_sfu_silo_receives_media_published_through_the_gateway_and_renegotiates_subscribers()
    {
        var signingKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var (coreSiloPort, sfuSiloPort) = (FreePorts.Tcp(), FreePorts.Tcp());
        Dictionary<string, string> Settings(string roles, int siloPort) => new()
        {
            ["Conference:Roles"] = roles,
            ["Conference:Cluster:SiloPort"] = siloPort.ToString(),
            ["Conference:Cluster:GatewayPort"] = FreePorts.Tcp().ToString(),
            ["Conference:Cluster:PrimarySiloPort"] = coreSiloPort.ToString(),
            ["Conference:DataPath"] = TempFolder.Create("conference-sfu"),
            ["Conference:Auth:SigningKey"] = signingKey,
        };
        await using var core = ServerProcess.Start(Settings("gateway,core", coreSiloPort));
        await core.WaitUntilReady(StartTimeout);
        await using var sfu = ServerProcess.Start(Settings("sfu", sfuSiloPort));
        await sfu.WaitUntilReady(StartTimeout);

        await ServerProcess.WithLogs(async () =>
        {
            var email = HttpJson.UniqueEmail("host");
            await core.Client.Create("/api/auth/register", $$"""{"name":"Host","email":"{{email}}","password":"{{ApiFactory.Password}}"}""");
            var token = (await (await core.Client.PostJson("/api/auth/login", $$"""{"email":"{{email}}","password":"{{ApiFactory.Password}}"}""")).Json())["accessToken"]!.GetValue<string>();
            core.Client.DefaultRequestHeaders.Authorization = new("Bearer", token);
            var roomId = (await core.Client.Create("/api/rooms", """{"name":"Media"}""")).Id();

            await using var hub = new HubConnectionBuilder()
                .WithUrl($"http://127.0.0.1:{core.HttpPort}/hubs/conference", o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
                .Build();
            await hub.StartAsync();
            var publisherId = (await hub.InvokeAsync<System.Text.Json.JsonElement>("Join", roomId)).GetProperty("participantId").GetString();

            // A second participant subscribes before anything is published: its first offer has only the data section.
            await using var viewer = new HubConnectionBuilder()
                .WithUrl($"http://127.0.0.1:{core.HttpPort}/hubs/conference", o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
                .Build();
            var offers = System.Threading.Channels.Channel.CreateUnbounded<System.Text.Json.JsonElement>();
            viewer.On<System.Text.Json.JsonElement>("subscriberOffer", e => offers.Writer.TryWrite(e));
            await viewer.StartAsync();
            await viewer.InvokeAsync<System.Text.Json.JsonElement>("Join", roomId);
            var first = await viewer.InvokeAsync<System.Text.Json.JsonElement>("Subscribe");
            Assert.Equal(1, first.GetProperty("revision").GetInt32());
            var firstSdp = ParseSdp(first.GetProperty("sdp").GetString());
            Assert.Equal("application", Assert.Single(firstSdp.Media).Kind);
            await viewer.InvokeAsync("SubscriberAnswer", 1, BrowserLikeAnswer(firstSdp));

            await hub.InvokeAsync<System.Text.Json.JsonElement>("PublishTrack", new { kind = "audio", source = "microphone" });
            await using var client = Conference.Media.Peer.WebRtcClientPeer.Create();
            var offer = client.CreateOffer(new Conference.Media.Peer.ClientOfferOptions { DataChannel = false }.WithAudio(0x5151));
            client.SetAnswer(await hub.InvokeAsync<string>("PublishOffer", offer));
            await client.Connected.WaitAsync(TimeSpan.FromSeconds(20));

            var payloadType = (byte)client.Tracks[0].Codecs[0].PayloadType;
            var packet = new byte[200];
            System.Text.Json.Nodes.JsonObject media = new();
            for (ushort seq = 1; seq <= 300; seq++)
            {
                var writer = new Conference.Media.Rtp.RtpPacketWriter(packet, payloadType, seq, seq * 960u, 0x5151);
                writer.TryComplete(new byte[60], out var length);
                client.SendRtp(packet.AsSpan(0, length));
                await Task.Delay(10);
                if (seq % 25 != 0) continue;
                media = await (await core.Client.GetAsync($"/api/rooms/{roomId}/media")).Json();
                if (media["rtpPacketsReceived"]!.GetValue<long>() > 0) break;
            }

            Assert.Contains($":{sfuSiloPort}:", media["silo"]!.GetValue<string>()); // "S127.0.0.1:<port>:<generation>"
            Assert.Equal(1, media["publishers"]!.GetValue<int>());
            Assert.True(media["rtpPacketsReceived"]!.GetValue<long>() > 0);

            // The published microphone is offered to the viewer: a re-offer made on the sfu silo, pushed to it alone.
            var reoffer = await offers.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));
            Assert.Equal(2, reoffer.GetProperty("offer").GetProperty("revision").GetInt32());
            var sdp = ParseSdp(reoffer.GetProperty("offer").GetProperty("sdp").GetString());
            var audio = sdp.Media.Single(m => m.Kind == "audio");
            Assert.Equal(Conference.Media.Sdp.MediaDirection.SendOnly, audio.Direction);
            Assert.Equal(publisherId, audio.Msids.Single().StreamId);
        }, core, sfu);
    }

    private static Conference.Media.Sdp.SessionDescription ParseSdp(string? text)
    {
        Assert.True(Conference.Media.Sdp.SessionDescription.TryParse(text, out var sdp, out var error), error);
        return sdp;
    }

    /// <summary>Accepts the data section as a browser would (a=setup:active); enough to complete the first negotiation.</summary>
    private static string BrowserLikeAnswer(Conference.Media.Sdp.SessionDescription offer) =>
        Conference.Media.Sdp.SessionAnswerBuilder.CreateAnswer(offer, new Conference.Media.Sdp.SessionAnswerOptions
        {
            IceUfrag = "view", IcePwd = "viewerpasswordviewerpw12",
            Fingerprint = new Conference.Media.Sdp.Fingerprint("sha-256", Enumerable.Repeat((byte)0x5A, 32).ToArray()),
            Setup = Conference.Media.Sdp.SetupRole.Active,
            CapabilitiesFor = m => m.Kind == "application" ? new Conference.Media.Sdp.LocalMediaCapabilities { SctpPort = 5000, MaxMessageSize = 262144 } : null,
        }).ToString();
}

using System.Collections.Concurrent;
using Conference.Media.Dtls;
using Conference.Media.Peer;
using Conference.Media.Sdp;

namespace Conference.Media.Tests.Peer;

/// <summary>
/// Our client answering the engine's own offering peer (the SFU's subscriber connection): ICE-lite offerer, so the
/// client controls ICE (RFC 8445 §6.1.1) and is the DTLS client; sections appended and removed by re-offers.
/// </summary>
public sealed class ClientAnswerEngineTests
{
    private static readonly RtpCodec Opus = new(111, "opus", 48000, 2);
    private static readonly RtpCodec Vp8 = new(96, "VP8", 90000);

    [Fact]
    public async Task Answers_the_engines_subscriber_offers_and_receives_what_it_forwards()
    {
        await using MediaEngine engine = MediaEngine.Start(new MediaEngineOptions());
        WebRtcPeer server = engine.CreateOfferingPeer();
        await using WebRtcClientPeer client = WebRtcClientPeer.Create();
        var received = new ConcurrentQueue<(PeerTrack Track, byte[] Packet)>();
        client.RtpReceived += (_, track, packet) => received.Enqueue((track, packet.ToArray()));

        var audio = new OutgoingTrack("room-audio", "participant-1", MediaDescription.Audio, [Opus]);
        var video = new OutgoingTrack("room-video", "participant-1", MediaDescription.Video, [Vp8]);
        Negotiate(server, client, [audio]);
        await Task.WhenAll(server.Connected, client.Connected).WaitAsync(PeerTestRig.Wait);
        Assert.Equal(DtlsRole.Client, client.DtlsRole);
        Assert.Equal(Conference.Media.Ice.IceRole.Controlling, client.LocalIceRole); // the engine is ICE-lite
        PeerTrack clientAudio = Assert.Single(client.Tracks);
        Assert.Equal(new Msid("participant-1", "room-audio"), clientAudio.RemoteMsid);

        byte[] first = Forward(server, "room-audio", 1);
        await PeerTestRig.Eventually(() => received.Count == 1, "audio forwarded to the client");
        Assert.Same(clientAudio, received.Single().Track);
        Assert.Equal(first, received.Single().Packet);

        // A publisher arrives: the re-offer appends a video section on the same transport.
        Negotiate(server, client, [audio, video]);
        PeerTrack clientVideo = client.Tracks.Single(t => t.Kind == MediaDescription.Video);
        Assert.Equal("room-video", clientVideo.RemoteMsid?.TrackId);
        byte[] frame = Forward(server, "room-video", 1, payloadLength: 1100);
        await PeerTestRig.Eventually(() => received.Count == 2, "video forwarded after the re-offer");
        Assert.Same(clientVideo, received.Last().Track);
        Assert.Equal(frame, received.Last().Packet);

        // The audio track goes away: its section is removed (port 0) and no longer routed on our side.
        Assert.True(server.TryGetOutgoingTrack("room-audio", out PeerTrack? serverAudio));
        Negotiate(server, client, [video]);
        Assert.Equal([clientVideo], client.Tracks);
        long unroutable = client.Counters.DroppedUnroutableRtp;
        server.SendRtp(PeerTestRig.RtpPacket(serverAudio.LocalSsrc, 2, (byte)serverAudio.Codecs[0].PayloadType));
        Forward(server, "room-video", 2);
        await PeerTestRig.Eventually(() => received.Count == 3, "video still forwarded");
        await PeerTestRig.Eventually(() => client.Counters.DroppedUnroutableRtp == unroutable + 1, "the removed section's packet dropped");
        Assert.Equal(PeerState.Connected, client.State);
        await server.DisposeAsync();
    }

    private static void Negotiate(WebRtcPeer server, WebRtcClientPeer client, IReadOnlyList<OutgoingTrack> tracks)
    {
        string offer = server.CreateOffer(tracks);
        Assert.True(client.TryAcceptOffer(offer, null, out string? answer, out string? error), error);
        Assert.True(server.TrySetAnswer(answer!, out error), error);
    }

    private static byte[] Forward(WebRtcPeer server, string trackId, ushort sequence, int payloadLength = 100)
    {
        Assert.True(server.TryGetOutgoingTrack(trackId, out PeerTrack? track));
        byte[] packet = PeerTestRig.RtpPacket(track.LocalSsrc, sequence, (byte)track.Codecs[0].PayloadType, payloadLength);
        Assert.True(server.SendRtp(packet));
        return packet;
    }
}

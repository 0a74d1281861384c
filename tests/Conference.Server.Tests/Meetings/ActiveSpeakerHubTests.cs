using System.Buffers.Binary;
using System.Threading.Channels;
using Conference.Media.Peer;
using Conference.Media.Sdp;
using Conference.Rooms;
using Conference.Server.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;

namespace Conference.Server.Tests.Meetings;

/// <summary>
/// Active speaker end to end in one process: a publisher connection made through the hub sends Opus-like RTP whose
/// RFC 6464 audio-level extension says "speaking"; the media router's detector picks it and every member of the room
/// gets <c>activeSpeaker</c> naming that participant and the room's track.
/// </summary>
public sealed class ActiveSpeakerHubTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_speaking_participant_is_announced_to_the_room_as_active_speaker()
    {
        var admin = factory.CreateAdminClient();
        var roomId = (await admin.Create("/api/rooms", """{"name":"Speakers"}""")).Id();
        var seen = Channel.CreateUnbounded<RoomEvent>();
        await using var listener = await factory.ConnectHub(async () => await factory.AdminToken(),
            c => c.On<RoomEvent>(RoomEventTypes.ActiveSpeaker, e => seen.Writer.TryWrite(e)));
        await using var speaker = await factory.ConnectHub(async () => await factory.AdminToken());
        await listener.InvokeAsync<Conference.Server.Meetings.JoinResponse>("Join", roomId);
        var joined = await speaker.InvokeAsync<Conference.Server.Meetings.JoinResponse>("Join", roomId);

        // Our client's offer names its audio track "audio-0" in a=msid and uses id 2 for ssrc-audio-level.
        var track = await speaker.InvokeAsync<PublishedTrack>("PublishTrack", new TrackInput(TrackKind.Audio, TrackSource.Microphone, ClientTrackId: "audio-0"));
        await using var client = WebRtcClientPeer.Create();
        var offer = client.CreateOffer(new ClientOfferOptions { DataChannel = false }.WithAudio(0x5EE5, MediaDirection.SendOnly));
        client.SetAnswer(await speaker.InvokeAsync<string>("PublishOffer", offer));
        await client.Connected.WaitAsync(Wait);

        byte payloadType = (byte)client.Tracks[0].Codecs[0].PayloadType;
        using var sending = new CancellationTokenSource(Wait);
        var send = Task.Run(async () =>
        {
            for (ushort seq = 1; !sending.IsCancellationRequested; seq++)
            {
                client.SendRtp(SpeakingPacket(seq, payloadType));
                await Task.Delay(20);
            }
        });
        var announced = await seen.Reader.ReadAsync().AsTask().WaitAsync(Wait);
        await sending.CancelAsync();
        await send;

        Assert.Equal((roomId, joined.ParticipantId, track.TrackId), (announced.RoomId, announced.ParticipantId, announced.Track?.TrackId));
    }

    /// <summary>RTP (RFC 3550) with a one-byte header extension (RFC 8285) carrying audio level −12 dBov, voice activity set (RFC 6464).</summary>
    private static byte[] SpeakingPacket(ushort seq, byte payloadType)
    {
        var packet = new byte[12 + 8 + 40];
        packet[0] = 0x90; // V=2, X=1
        packet[1] = payloadType;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), seq);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), seq * 960u);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), 0x5EE5);
        packet[12] = 0xBE; packet[13] = 0xDE; packet[15] = 1;
        packet[16] = 2 << 4;
        packet[17] = 0x80 | 12;
        return packet;
    }
}

using Conference.Media.Peer;
using Conference.Media.Sdp;
using Conference.Media.Tests.Recording;
using Conference.Rooms;
using Microsoft.AspNetCore.SignalR.Client;

namespace Conference.Server.Tests.Recordings;

/// <summary>
/// A publisher made of our own client peer, sending through the hub what a browser would: Opus (libopus) and VP8
/// (libvpx, keyframe every second) encoded by ffmpeg at test time, packetised as RTP in real time.
/// </summary>
internal sealed class RecordingCall(HubConnection hub, WebRtcClientPeer peer, List<byte[]> opus, List<byte[]> vp8) : IAsyncDisposable
{
    public const int Width = 320, Height = 240;

    /// <summary>Encodes the media first (slow on a loaded machine: before any hub connection could idle out).</summary>
    public static async Task<(List<byte[]> Opus, List<byte[]> Vp8)> EncodeAsync(string folder)
    {
        string ogg = Path.Combine(folder, "in.ogg"), ivf = Path.Combine(folder, "in.ivf");
        await MediaTools.EncodeAsync("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "4", "-ac", "2",
            "-c:a", "libopus", "-frame_duration", "20", "-b:a", "32k", "-f", "ogg", ogg);
        await MediaTools.EncodeAsync("-f", "lavfi", "-i", $"testsrc=size={Width}x{Height}:rate=30", "-t", "4", "-c:v", "libvpx",
            "-g", "30", "-b:v", "300k", "-f", "ivf", ivf);
        return (EncodedMedia.ReadOggOpus(ogg), EncodedMedia.ReadIvf(ivf));
    }

    public static async Task<RecordingCall> Publish(HubConnection hub, (List<byte[]> Opus, List<byte[]> Vp8) media)
    {
        await hub.InvokeAsync<PublishedTrack>("PublishTrack", new TrackInput(TrackKind.Audio, TrackSource.Microphone));
        await hub.InvokeAsync<PublishedTrack>("PublishTrack", new TrackInput(TrackKind.Video, TrackSource.Camera));
        var peer = WebRtcClientPeer.Create();
        var offer = peer.CreateOffer(new ClientOfferOptions { DataChannel = false }
            .WithAudio(0xA0D1, MediaDirection.SendOnly).WithVideo(0x71DE, direction: MediaDirection.SendOnly));
        peer.SetAnswer(await hub.InvokeAsync<string>("PublishOffer", offer));
        await peer.Connected.WaitAsync(TimeSpan.FromSeconds(30));
        return new RecordingCall(hub, peer, media.Opus, media.Vp8);
    }

    /// <summary>Sends <paramref name="seconds"/> of both tracks, paced like a live source (audio every 20 ms, video every ~33 ms); returns the packets sent.</summary>
    public async Task<int> Send(double seconds)
    {
        byte audioPt = (byte)peer.Tracks[0].Codecs[0].PayloadType, videoPt = (byte)peer.Tracks[1].Codecs[0].PayloadType;
        var audio = new SyntheticRtp(audioPt, 0xA0D1, 1000, 12345);
        var video = new SyntheticRtp(videoPt, 0x71DE, 2000, 67890);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int sentAudio = 0, sentVideo = 0, packets = 0;
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            while (sentAudio * 20 <= clock.ElapsedMilliseconds && sentAudio < opus.Count)
            {
                peer.SendRtp(audio.Opus(opus[sentAudio++], 0).Packet);
                packets++;
                audio.Timestamp += 960;
            }
            while (sentVideo * 1000 / 30 <= clock.ElapsedMilliseconds && sentVideo < vp8.Count)
            {
                foreach (var packet in video.Vp8Frame(vp8[sentVideo++], 0))
                {
                    peer.SendRtp(packet.Packet);
                    packets++;
                }
                video.Timestamp += 3000;
            }
            await Task.Delay(5);
        }
        return packets;
    }

    public async ValueTask DisposeAsync()
    {
        await peer.DisposeAsync();
        await hub.DisposeAsync();
    }
}

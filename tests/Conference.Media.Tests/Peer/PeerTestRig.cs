using System.Buffers.Binary;
using Conference.Media.Dtls;
using Conference.Media.Peer;

namespace Conference.Media.Tests.Peer;

/// <summary>Our client peer connected to an engine over loopback UDP, for the peer tests.</summary>
internal sealed class PeerTestRig : IAsyncDisposable
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly bool _ownsEngine;

    private PeerTestRig(MediaEngine engine, bool ownsEngine, WebRtcClientPeer client, WebRtcPeer server, string offer, string answer)
    {
        Engine = engine;
        _ownsEngine = ownsEngine;
        Client = client;
        Server = server;
        Offer = offer;
        Answer = answer;
    }

    public MediaEngine Engine { get; }
    public WebRtcClientPeer Client { get; }
    public WebRtcPeer Server { get; }
    public string Offer { get; }
    public string Answer { get; }

    public static ClientOfferOptions AudioVideoData(uint audioSsrc = 0x1111, uint videoSsrc = 0x2222) =>
        new ClientOfferOptions { DataChannel = true }.WithAudio(audioSsrc).WithVideo(videoSsrc, rtxSsrc: videoSsrc + 1);

    /// <summary>Offers, answers and waits until both sides are connected.</summary>
    public static async Task<PeerTestRig> ConnectAsync(DtlsRole? serverRole = null, ClientOfferOptions? offer = null, MediaEngine? engine = null,
        WebRtcClientOptions? clientOptions = null)
    {
        bool owns = engine is null;
        engine ??= MediaEngine.Start(new MediaEngineOptions());
        WebRtcClientPeer client = WebRtcClientPeer.Create(clientOptions);
        string offerSdp = client.CreateOffer(offer ?? AudioVideoData());
        Assert.True(engine.TryAcceptOffer(offerSdp, new PeerOptions { Role = serverRole }, out WebRtcPeer? server, out string? answer, out string? error), error);
        client.SetAnswer(answer);
        var rig = new PeerTestRig(engine, owns, client, server, offerSdp, answer);
        await Task.WhenAll(client.Connected, server.Connected).WaitAsync(Wait);
        return rig;
    }

    /// <summary>An RTP packet (RFC 3550 §5.1) with a recognisable payload.</summary>
    public static byte[] RtpPacket(uint ssrc, ushort sequence, byte payloadType, int payloadLength = 100, byte fill = 0xAB)
    {
        var packet = new byte[12 + payloadLength];
        packet[0] = 0x80;
        packet[1] = payloadType;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), 90000u * sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        for (int i = 12; i < packet.Length; i++) packet[i] = (byte)(fill + i);
        return packet;
    }

    /// <summary>An RTCP receiver report without report blocks (RFC 3550 §6.4.2) followed by a PLI (RFC 4585 §6.3.1).</summary>
    public static byte[] RtcpCompound(uint sender, uint mediaSsrc)
    {
        var packet = new byte[8 + 12];
        packet[0] = 0x80;
        packet[1] = 201; // RR
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), 1);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), sender);
        packet[8] = 0x81; // PLI: FMT 1
        packet[9] = 206;  // PSFB
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(10), 2);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(12), sender);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(16), mediaSsrc);
        return packet;
    }

    /// <summary>Polls a condition that becomes true through another thread (counters), up to <see cref="Wait"/>.</summary>
    public static async Task Eventually(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Timed out waiting for: {what}");
            await Task.Delay(20);
        }
    }

    /// <summary>The same, for a condition that asks a loop (an SFU room's state) and so must be awaited.</summary>
    public static async Task Eventually(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Timed out waiting for: {what}");
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await Server.DisposeAsync();
        if (_ownsEngine) await Engine.DisposeAsync();
    }
}

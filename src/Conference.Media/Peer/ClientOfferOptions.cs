using System.Net;
using Conference.Media.Dtls;
using Conference.Media.Ice;
using Conference.Media.Sdp;

namespace Conference.Media.Peer;

/// <summary>The socket and security setup of a <see cref="WebRtcClientPeer"/>.</summary>
public sealed class WebRtcClientOptions
{
    public IPAddress BindAddress { get; set; } = IPAddress.Loopback;

    /// <summary>0 picks any free port.</summary>
    public int Port { get; set; }

    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Default: one generated per client.</summary>
    public DtlsCertificate? Certificate { get; set; }

    public IceClientOptions Ice { get; set; } = new();

    /// <summary>Our a=max-message-size (RFC 8841 §6).</summary>
    public int MaxMessageSize { get; set; } = 262144;

    /// <summary>ICE + DTLS must be up within this time after <see cref="WebRtcClientPeer.SetAnswer"/>.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Receive (and send from the receive loop) with recvmmsg/sendmmsg on a thread of the socket's own where the
    /// platform has them (<see cref="Transport.UdpDatagramSocket.BatchingSupported"/>); default: one datagram per call.
    /// </summary>
    public bool Batched { get; set; }

    /// <summary>
    /// Receive on this group's thread, shared with other sockets, instead of a loop of the client's own (where
    /// <see cref="Transport.UdpReceiveGroup.IsSupported"/>; it takes precedence over <see cref="Batched"/>).
    /// </summary>
    public Transport.UdpReceiveGroup? ReceiveGroup { get; set; }

    /// <summary>
    /// With <see cref="Batched"/> or <see cref="ReceiveGroup"/>: ask the kernel for UDP_GRO, so a train of datagrams sent
    /// with segmentation offload (an SFU's batched flush over loopback) arrives as one buffer, split again before the
    /// handler. Ignored where the kernel lacks it.
    /// </summary>
    public bool ReceiveOffload { get; set; }

    /// <summary>
    /// Load tools: sees every SRTP (not SRTCP) packet from the selected address before it is authenticated and
    /// decrypted, on the receive loop; a packet it refuses is neither authenticated, decrypted nor delivered to
    /// <see cref="WebRtcClientPeer.RtpReceived"/> (it still counts as received). Null: every packet is processed.
    /// </summary>
    public ClientSrtpFilter? SrtpFilter { get; set; }
}

/// <summary>One audio or video m-section of our offer.</summary>
public sealed record ClientMediaSection(string Kind, uint Ssrc)
{
    public MediaDirection Direction { get; init; } = MediaDirection.SendRecv;

    /// <summary>Announced with a=ssrc-group:FID when set (video with RTX).</summary>
    public uint? RtxSsrc { get; init; }

    /// <summary>Default: Opus for audio; VP8 with RTX for video.</summary>
    public IReadOnlyList<RtpCodec>? Codecs { get; init; }

    /// <summary>Our a=msid stream id; default "client".</summary>
    public string StreamId { get; init; } = "client";
}

/// <summary>What <see cref="WebRtcClientPeer.CreateOffer"/> offers: media sections in order, then optionally a data channel section.</summary>
public sealed class ClientOfferOptions
{
    public List<ClientMediaSection> Media { get; } = [];

    public bool DataChannel { get; set; } = true;

    public ClientOfferOptions WithAudio(uint ssrc, MediaDirection direction = MediaDirection.SendRecv)
    {
        Media.Add(new ClientMediaSection(MediaDescription.Audio, ssrc) { Direction = direction });
        return this;
    }

    public ClientOfferOptions WithVideo(uint ssrc, uint? rtxSsrc = null, MediaDirection direction = MediaDirection.SendRecv)
    {
        Media.Add(new ClientMediaSection(MediaDescription.Video, ssrc) { RtxSsrc = rtxSsrc, Direction = direction });
        return this;
    }
}

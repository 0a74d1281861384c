using Conference.Media.Peer;

namespace Conference.Media.Sfu;

/// <summary>Sends through a server-side <see cref="WebRtcPeer"/> (which protects a pooled copy with SRTP and honours consent).</summary>
public sealed class PeerMediaSink(WebRtcPeer peer) : IMediaSink
{
    public WebRtcPeer Peer { get; } = peer;

    public bool SendRtp(ReadOnlySpan<byte> packet) => Peer.SendRtp(packet);

    public bool SendRtcp(ReadOnlySpan<byte> packet) => Peer.SendRtcp(packet);
}

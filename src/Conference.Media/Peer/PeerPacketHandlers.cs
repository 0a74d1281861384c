namespace Conference.Media.Peer;

/// <summary>Decrypted RTP. The span is the receive buffer: use or copy it before returning.</summary>
public delegate void RtpPacketHandler(WebRtcPeer peer, PeerTrack track, ReadOnlySpan<byte> rtpPacket);

/// <summary>A decrypted RTCP compound packet. The span is the receive buffer: use or copy it before returning.</summary>
public delegate void RtcpPacketHandler(WebRtcPeer peer, ReadOnlySpan<byte> rtcpCompound);

/// <summary>Decrypted RTP on a <see cref="WebRtcClientPeer"/>.</summary>
public delegate void ClientRtpPacketHandler(WebRtcClientPeer peer, PeerTrack track, ReadOnlySpan<byte> rtpPacket);

/// <summary>A decrypted RTCP compound packet on a <see cref="WebRtcClientPeer"/>.</summary>
public delegate void ClientRtcpPacketHandler(WebRtcClientPeer peer, ReadOnlySpan<byte> rtcpCompound);

/// <summary>
/// An SRTP packet as it arrived at a <see cref="WebRtcClientPeer"/>, before authentication and decryption: only the
/// RTP header is readable (RFC 3711 §3.1 leaves it in the clear). Return false to drop the packet unprocessed.
/// </summary>
public delegate bool ClientSrtpFilter(ReadOnlySpan<byte> srtpPacket);

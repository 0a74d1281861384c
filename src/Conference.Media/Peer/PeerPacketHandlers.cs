namespace Conference.Media.Peer;

/// <summary>Decrypted RTP. The span is the receive buffer: use or copy it before returning.</summary>
public delegate void RtpPacketHandler(WebRtcPeer peer, PeerTrack track, ReadOnlySpan<byte> rtpPacket);

/// <summary>A decrypted RTCP compound packet. The span is the receive buffer: use or copy it before returning.</summary>
public delegate void RtcpPacketHandler(WebRtcPeer peer, ReadOnlySpan<byte> rtcpCompound);

/// <summary>Decrypted RTP on a <see cref="WebRtcClientPeer"/>.</summary>
public delegate void ClientRtpPacketHandler(WebRtcClientPeer peer, PeerTrack track, ReadOnlySpan<byte> rtpPacket);

/// <summary>A decrypted RTCP compound packet on a <see cref="WebRtcClientPeer"/>.</summary>
public delegate void ClientRtcpPacketHandler(WebRtcClientPeer peer, ReadOnlySpan<byte> rtcpCompound);

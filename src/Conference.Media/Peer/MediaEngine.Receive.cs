using System.Net;
using System.Net.Sockets;
using Conference.Media.Ice;
using Conference.Media.Transport;

namespace Conference.Media.Peer;

public sealed partial class MediaEngine
{
    /// <summary>The receive loop's demultiplexer (RFC 7983). Runs for every datagram; single-threaded.</summary>
    private void OnDatagram(Span<byte> datagram, SocketAddress remote)
    {
        Counters.Received(datagram.Length);
        DatagramKind kind = DatagramClassifier.Classify(datagram);
        switch (kind)
        {
            case DatagramKind.Stun:
                OnStun(datagram, remote);
                break;
            case DatagramKind.Dtls or DatagramKind.Rtp or DatagramKind.Rtcp:
                // Only addresses that passed an authenticated check are routed (RFC 8445 §7.3, RFC 7675).
                if (_ice.TryGetSession(remote, out IceLiteSession? session) && session.Tag is WebRtcPeer peer)
                {
                    peer.OnDatagram(kind, datagram);
                }
                else
                {
                    Counters.UnknownAddress();
                }
                break;
            default:
                Counters.Unclassified();
                break;
        }
    }

    private void OnStun(Span<byte> datagram, SocketAddress remote)
    {
        Counters.StunIn();
        // STUN is not the media hot path: one IPEndPoint per check is fine.
        var from = (IPEndPoint)_endPointFactory.Create(remote);
        IceLiteResult result = _ice.ProcessPacket(datagram, from, _stunResponse, out int length, out IceLiteSession? session);
        if (length > 0)
        {
            // Only ever an answer to an authenticated request: a check is what grants consent. While the peer is still
            // connecting, the check may start our DTLS handshake, whose thread sends its flight directly: this response
            // goes first then (not queued for the batch), or a client that only accepts DTLS from a pair it saw answer
            // drops our ClientHello and the handshake waits a retransmission timeout.
            bool connecting = result == IceLiteResult.BindingSucceeded && session?.Tag is WebRtcPeer { State: PeerState.New or PeerState.Connecting };
            SendTo(_stunResponse.AsSpan(0, length), remote, now: connecting);
            Counters.StunAnsweredOne();
        }
        switch (result)
        {
            case IceLiteResult.BindingSucceeded:
                if (session?.Tag is WebRtcPeer peer) peer.OnIceCheck(from);
                break;
            case IceLiteResult.IgnoredBadIntegrity:
                Counters.StunBadIntegrityOne();
                break;
            case IceLiteResult.IgnoredUnknownUsername:
                Counters.StunUnknownUsernameOne();
                break;
            case IceLiteResult.IgnoredMalformed or IceLiteResult.NotStun: // NotStun: first byte 0..3 but no magic cookie
                Counters.StunMalformedOne();
                break;
            case IceLiteResult.IgnoredNotRequest:
                Counters.StunIgnoredOne();
                break;
        }
    }
}

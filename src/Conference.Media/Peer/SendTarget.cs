using System.Net;
using System.Net.Sockets;

namespace Conference.Media.Peer;

/// <summary>
/// Where a peer's datagrams go, serialised once so each send does not allocate a SocketAddress. Immutable: a new
/// target is published whole (Volatile.Write) when ICE picks another address; on the server, <see cref="Consent"/>
/// is the ICE-lite address whose consent the send path checks without a lock.
/// </summary>
internal sealed class SendTarget(IPEndPoint endPoint, Ice.ConsentedAddress? consent = null)
{
    public Ice.ConsentedAddress? Consent { get; } = consent;

    public IPEndPoint EndPoint { get; } = endPoint;

    public SocketAddress Address { get; } = endPoint.Serialize();
}

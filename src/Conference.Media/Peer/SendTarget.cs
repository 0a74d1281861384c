using System.Net;
using System.Net.Sockets;

namespace Conference.Media.Peer;

/// <summary>Where a peer's datagrams go, serialised once so each send does not allocate a SocketAddress.</summary>
internal sealed class SendTarget(IPEndPoint endPoint)
{
    public IPEndPoint EndPoint { get; } = endPoint;

    public SocketAddress Address { get; } = endPoint.Serialize();
}

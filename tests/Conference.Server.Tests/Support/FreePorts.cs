using System.Net;
using System.Net.Sockets;

namespace Conference.Server.Tests.Support;

// Also compiled into Conference.EndToEnd.Tests and the load tools under benchmarks/ (linked in their project files).
/// <summary>
/// Ports for servers the tests start. They come from below the kernel's ephemeral range
/// (net.ipv4.ip_local_port_range, 32768–60999 by default): a port the kernel handed out for a bind to 0
/// is also what it hands out to the next outgoing connection, so between "found free" and the server's own
/// bind another socket of the run could take it (AddressInUse in CI). Each test process starts at a random
/// point of the range and walks it, checking that the port binds on every address.
/// </summary>
public static class FreePorts
{
    private const int First = 20000, Count = 12000;
    private static int _next = Random.Shared.Next(Count);

    public static int Tcp() => Find(SocketType.Stream, ProtocolType.Tcp);

    public static int Udp() => Find(SocketType.Dgram, ProtocolType.Udp);

    private static int Find(SocketType type, ProtocolType protocol)
    {
        for (var attempt = 0; attempt < Count; attempt++)
        {
            var port = First + (int)((uint)Interlocked.Increment(ref _next) % Count);
            if (IsFree(port, type, protocol)) return port;
        }
        throw new InvalidOperationException($"No free port in {First}–{First + Count - 1}.");
    }

    private static bool IsFree(int port, SocketType type, ProtocolType protocol)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, type, protocol);
            socket.Bind(new IPEndPoint(IPAddress.Any, port));
            return true;
        }
        catch (SocketException) { return false; }
    }
}

using System.Net;
using System.Net.Sockets;

namespace Conference.Server.Tests.Support;

// Also compiled into Conference.EndToEnd.Tests (linked in its project file).
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

    public static int Tcp() => Find(IsFreeTcp);

    public static int Udp() => Find(IsFreeUdp);

    private static int Find(Func<int, bool> isFree)
    {
        for (var attempt = 0; attempt < Count; attempt++)
        {
            var port = First + (int)((uint)Interlocked.Increment(ref _next) % Count);
            if (isFree(port)) return port;
        }
        throw new InvalidOperationException($"No free port in {First}–{First + Count - 1}.");
    }

    private static bool IsFreeTcp(int port)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Any, port));
            return true;
        }
        catch (SocketException) { return false; }
    }

    private static bool IsFreeUdp(int port)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.Any, port));
            return true;
        }
        catch (SocketException) { return false; }
    }
}

public static class TempFolder
{
    public static string Create(string prefix)
    {
        var path = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }
}

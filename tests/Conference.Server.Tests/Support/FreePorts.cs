using System.Net;
using System.Net.Sockets;

namespace Conference.Server.Tests.Support;

// Also compiled into Conference.EndToEnd.Tests (linked with S3rverServer.cs).
public static class FreePorts
{
    public static int Tcp()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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

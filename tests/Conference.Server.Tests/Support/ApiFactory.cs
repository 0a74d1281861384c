using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Conference.Server.Tests.Support;

/// <summary>The whole server in-process (gateway, core and sfu roles with a co-hosted silo) on its own data folder and ports.</summary>
public sealed class ApiFactory : WebApplicationFactory<Program>
{
    public ApiFactory() => DataPath = TempFolder.Create("conference-api");

    /// <summary>A server on an existing data folder (restart tests).</summary>
    public static ApiFactory On(string dataPath) => new() { DataPath = dataPath };

    public string DataPath { get; private init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Conference:DataPath", DataPath);
        builder.UseSetting("Conference:Cluster:SiloPort", FreePorts.Tcp().ToString());
        builder.UseSetting("Conference:Cluster:GatewayPort", FreePorts.Tcp().ToString());
        builder.UseSetting("Conference:Catalog:ProbePendingAfter", "00:00:01");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
    }
}

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

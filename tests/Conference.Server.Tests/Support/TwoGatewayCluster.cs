namespace Conference.Server.Tests.Support;

/// <summary>
/// One core+sfu silo process and two gateway-only processes (Orleans clients of it), sharing a signing key so a token
/// from one gateway is valid on the other: what multi-gateway fan-out is tested on.
/// </summary>
public sealed class TwoGatewayCluster : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private TwoGatewayCluster(ServerProcess silo, ServerProcess gatewayA, ServerProcess gatewayB) =>
        (Silo, GatewayA, GatewayB) = (silo, gatewayA, gatewayB);

    public ServerProcess Silo { get; }
    public ServerProcess GatewayA { get; }
    public ServerProcess GatewayB { get; }

    public static async Task<TwoGatewayCluster> Start(string dataFolderPrefix)
    {
        var signingKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var gatewayPort = FreePorts.Tcp();
        Dictionary<string, string> Settings(string roles, int siloPort) => new()
        {
            ["Conference:Roles"] = roles,
            ["Conference:Cluster:SiloPort"] = siloPort.ToString(),
            ["Conference:Cluster:GatewayPort"] = gatewayPort.ToString(),
            ["Conference:DataPath"] = TempFolder.Create(dataFolderPrefix),
            ["Conference:Auth:SigningKey"] = signingKey,
        };
        var silo = ServerProcess.Start(Settings("core,sfu", FreePorts.Tcp()));
        ServerProcess? gatewayA = null, gatewayB = null;
        try
        {
            await silo.WaitUntilReady(StartTimeout);
            gatewayA = ServerProcess.Start(Settings("gateway", 0));
            gatewayB = ServerProcess.Start(Settings("gateway", 0));
            await Task.WhenAll(gatewayA.WaitUntilReady(StartTimeout), gatewayB.WaitUntilReady(StartTimeout));
            return new TwoGatewayCluster(silo, gatewayA, gatewayB);
        }
        catch
        {
            if (gatewayB is not null) await gatewayB.DisposeAsync();
            if (gatewayA is not null) await gatewayA.DisposeAsync();
            await silo.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs the steps; on failure the three processes' logs are attached to the exception.</summary>
    public Task WithLogs(Func<Task> steps) => ServerProcess.WithLogs(steps, Silo, GatewayA, GatewayB);

    public static async Task<string> Login(ServerProcess gateway, string email)
    {
        var login = await (await gateway.Client.PostJson("/api/auth/login", $$"""{"email":"{{email}}","password":"{{ApiFactory.Password}}"}""")).Json();
        return login["accessToken"]!.GetValue<string>();
    }

    public async ValueTask DisposeAsync()
    {
        await GatewayB.DisposeAsync();
        await GatewayA.DisposeAsync();
        await Silo.DisposeAsync();
    }
}

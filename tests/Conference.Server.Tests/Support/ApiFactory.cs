using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Conference.Server.Tests.Support;

/// <summary>
/// The whole server in-process (gateway, core and sfu roles with a co-hosted silo) on its own data folder and
/// ports. The first account registered on it is its administrator.
/// </summary>
public sealed class ApiFactory : WebApplicationFactory<Program>
{
    public const string Password = "correct-horse-battery-staple";

    private readonly Lazy<Task<string>> _adminToken;

    public ApiFactory()
    {
        DataPath = TempFolder.Create("conference-api");
        _adminToken = new(() => Token(AdminEmail, register: true));
    }

    /// <summary>A server on an existing data folder (restart tests), whose admin already exists.</summary>
    public static ApiFactory On(string dataPath, string adminEmail, IReadOnlyDictionary<string, string>? settings = null) =>
        new() { DataPath = dataPath, AdminEmail = adminEmail, Settings = settings ?? new Dictionary<string, string>() };

    /// <summary>A server with extra configuration (e.g. a CORS allow-list).</summary>
    public static ApiFactory With(IReadOnlyDictionary<string, string> settings) => new() { Settings = settings };

    /// <summary>A server on a real Kestrel socket (raw HTTP framing, WebSockets), at <see cref="HttpAddress"/>.</summary>
    public static ApiFactory OnKestrel(IReadOnlyDictionary<string, string>? settings = null)
    {
        var factory = new ApiFactory { Settings = settings ?? new Dictionary<string, string>() };
        var port = FreePorts.Tcp();
        factory.UseKestrel(port);
        factory.HttpAddress = new Uri($"http://127.0.0.1:{port}/");
        factory.StartServer();
        return factory;
    }

    public Uri? HttpAddress { get; private set; }

    /// <summary>Everything the server logged (every level, whatever the configured filters say for the console).</summary>
    public LogSink Logs { get; } = new();

    public string DataPath { get; private init; }
    private IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();
    public string AdminEmail { get; private init; } = HttpJson.UniqueEmail("admin");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Conference:DataPath", DataPath);
        builder.UseSetting("Conference:Cluster:SiloPort", FreePorts.Tcp().ToString());
        builder.UseSetting("Conference:Cluster:GatewayPort", FreePorts.Tcp().ToString());
        builder.UseSetting("Conference:Catalog:ProbePendingAfter", "00:00:01");
        builder.UseSetting("Conference:Auth:AuthRequestsPerMinutePerIp", "1000");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // The SFU counts its process's CPU towards its load, and here that process runs every test in parallel: on a busy
        // 2-core CI it passed 85 % for a report and the embedded SFU was "full" (placement refused a room, a test got 503).
        builder.UseSetting("Conference:Media:MaxCpuPercent", "100000");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs).AddFilter<LogSink>(null, LogLevel.Information));
    }

    /// <summary>A client that carries the administrator's access token.</summary>
    public HttpClient CreateAdminClient() => CreateDefaultClient(new BearerTokenHandler(() => _adminToken.Value));

    public Task<string> AdminToken() => _adminToken.Value;

    /// <summary>Creates an account with the given role (as the admin) and returns its id and a client logged in as it.</summary>
    public async Task<(string Id, HttpClient Client)> CreateUserClient(string role)
    {
        var (id, token) = await CreateUser(role);
        return (id, CreateDefaultClient(new BearerTokenHandler(() => Task.FromResult(token))));
    }

    /// <summary>Creates an account with the given role (as the admin) and returns its id and an access token.</summary>
    public async Task<(string Id, string Token)> CreateUser(string role)
    {
        var email = HttpJson.UniqueEmail(role);
        var user = await CreateAdminClient().Create("/api/users", $$"""{"name":"{{role}}","email":"{{email}}","role":"{{role}}","password":"{{Password}}"}""");
        return (user.Id(), await Token(email, register: false));
    }

    public async Task<string> Token(string email, bool register)
    {
        var anonymous = CreateClient();
        if (register)
        {
            var registered = await anonymous.PostJson("/api/auth/register", $$"""{"name":"Admin","email":"{{email}}","password":"{{Password}}"}""");
            Assert.True(registered.IsSuccessStatusCode || registered.StatusCode == HttpStatusCode.Conflict, await registered.Content.ReadAsStringAsync());
        }
        var login = await anonymous.PostJson("/api/auth/login", $$"""{"email":"{{email}}","password":"{{Password}}"}""");
        Assert.True(login.IsSuccessStatusCode, await login.Content.ReadAsStringAsync());
        return (await login.Json())["accessToken"]!.GetValue<string>();
    }
}

/// <summary>Adds "Authorization: Bearer …", fetching the token asynchronously on first use.</summary>
public sealed class BearerTokenHandler(Func<Task<string>> token) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await token());
        return await base.SendAsync(request, cancellationToken);
    }
}

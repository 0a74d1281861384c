using System.Security.Cryptography;

namespace Conference.EndToEnd.Tests.Meetings;

/// <summary>
/// A 2-silo cluster of real server processes on localhost clustering: one `gateway,core` (REST, the hub, rooms)
/// and one `sfu` (the media router and the UDP media socket), sharing a signing key. Browsers talk to the first;
/// their media goes to the second.
/// </summary>
public class GatewayAndSfuSilos : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private ConferenceServer? _gateway;
    private ConferenceServer? _sfu;

    public ConferenceServer Gateway => _gateway ?? throw new InvalidOperationException("Not started (outside the loopback namespace).");
    public ConferenceServer Sfu => _sfu ?? throw new InvalidOperationException("Not started.");
    public MeetingAccounts Accounts { get; private set; } = null!;

    /// <summary>Settings both processes get besides the cluster's (e.g. where recordings go).</summary>
    protected virtual Task<IReadOnlyDictionary<string, string>> SharedSettingsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>());

    public virtual async Task InitializeAsync()
    {
        if (!LoopbackNamespace.IsInside) return;
        var shared = await SharedSettingsAsync();
        string signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        int primarySiloPort = ConferenceServer.FreeTcpPort();
        _gateway = await ConferenceServer.StartAsync(new Dictionary<string, string>
        {
            ["Conference:Roles"] = "gateway,core",
            ["Conference:Cluster:SiloPort"] = primarySiloPort.ToString(),
            ["Conference:Cluster:PrimarySiloPort"] = primarySiloPort.ToString(),
            ["Conference:Auth:SigningKey"] = signingKey,
        }.Concat(shared).ToDictionary(), StartTimeout);
        _sfu = await ConferenceServer.StartAsync(new Dictionary<string, string>
        {
            ["Conference:Roles"] = "sfu",
            ["Conference:Cluster:PrimarySiloPort"] = primarySiloPort.ToString(),
            ["Conference:Auth:SigningKey"] = signingKey,
        }.Concat(shared).ToDictionary(), StartTimeout);
        Accounts = await MeetingAccounts.CreateAsync(_gateway);
    }

    public virtual async Task DisposeAsync()
    {
        if (_sfu is not null) await _sfu.DisposeAsync();
        if (_gateway is not null) await _gateway.DisposeAsync();
    }
}

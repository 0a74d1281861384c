using Conference.EndToEnd.Tests.Browser;
using Conference.Server.Tests.Support;

namespace Conference.EndToEnd.Tests.Meetings;

/// <summary>Every meeting test class shares one server process, one Chromium and one page host.</summary>
[CollectionDefinition(Name)]
public sealed class MeetingCollection : ICollectionFixture<MeetingFixture>
{
    public const string Name = "Meetings";
}

/// <summary>
/// One Conference.Server process (embedded default, all roles) for the meeting tests, with a short disconnect
/// grace period, TURN settings for a coturn the TURN test starts on <see cref="TurnPort"/> and recordings stored in
/// s3rver (<see cref="S3"/>, started here: the cluster mode's S3 store, parts uploaded every 64 KiB); one headless
/// Chromium; the page host; the <see cref="MeetingAccounts"/>. Each test makes its own room. Outside a loopback-only namespace nothing starts (the tests skip there).
/// </summary>
public sealed class MeetingFixture : IAsyncLifetime
{
    public static readonly TimeSpan DisconnectGrace = TimeSpan.FromSeconds(3);
    public const string TurnSecret = "meeting-tests-turn-secret";
    public const string TurnRealm = "conference.test";

    private ConferenceServer? _server;
    private ChromiumBrowser? _chromium;
    private MeetingPageHost? _pages;
    private S3rverServer? _s3;

    public ConferenceServer Server => _server ?? throw new InvalidOperationException("Not started (outside the loopback namespace).");
    public ChromiumBrowser Chromium => _chromium ?? throw new InvalidOperationException("Not started.");
    public Uri PageAddress => (_pages ?? throw new InvalidOperationException("Not started.")).Address;
    public MeetingAccounts Accounts { get; private set; } = null!;
    public IReadOnlyList<ServerUser> Users => Accounts.Users;
    public int TurnPort { get; } = ConferenceServer.FreeUdpPort();
    public S3rverServer S3 => _s3 ?? throw new InvalidOperationException("Not started.");
    public const int RecordingPartBytes = 64 * 1024;

    public async Task InitializeAsync()
    {
        if (!LoopbackNamespace.IsInside) return;
        if (S3rverServer.Executable is null) throw new InvalidOperationException(S3rverServer.SkipReason);
        _s3 = new S3rverServer("recordings");
        await _s3.InitializeAsync();
        _server = await ConferenceServer.StartAsync(new Dictionary<string, string>
        {
            ["Conference:Rooms:DisconnectGrace"] = DisconnectGrace.ToString("c"),
            ["Conference:Rtc:TurnUrls:0"] = $"turn:127.0.0.1:{TurnPort}?transport=udp",
            ["Conference:Rtc:TurnSecret"] = TurnSecret,
        }.Concat(RecordingSettings(_s3, RecordingPartBytes)).ToDictionary(), TimeSpan.FromSeconds(90));
        Accounts = await MeetingAccounts.CreateAsync(_server);
        _pages = await MeetingPageHost.StartAsync();
        _chromium = await ChromiumBrowser.LaunchAsync();
    }

    /// <summary>A server's settings that store its recordings in that s3rver, uploading parts of that size while recording.</summary>
    public static Dictionary<string, string> RecordingSettings(S3rverServer s3, int partBytes) => new()
    {
        ["Conference:Recordings:Store"] = "s3",
        ["Conference:Recordings:Endpoint"] = s3.Endpoint,
        ["Conference:Recordings:Bucket"] = s3.Bucket,
        ["Conference:Recordings:AccessKey"] = S3rverServer.Key,
        ["Conference:Recordings:SecretKey"] = S3rverServer.Key,
        ["Conference:Recordings:UseSsl"] = "false",
        ["Conference:Recordings:PartBytes"] = partBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public Task<ChromiumParticipant> OpenParticipantAsync(ServerUser user) =>
        ChromiumParticipant.OpenAsync(Chromium.Context, PageAddress, user);

    public async Task DisposeAsync()
    {
        if (_chromium is not null) await _chromium.DisposeAsync();
        if (_pages is not null) await _pages.DisposeAsync();
        if (_server is not null) await _server.DisposeAsync();
        if (_s3 is not null) await _s3.DisposeAsync();
    }
}

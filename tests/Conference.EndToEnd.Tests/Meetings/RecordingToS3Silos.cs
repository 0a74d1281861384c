using System.Text.Json;
using Conference.Server.Tests.Support;

namespace Conference.EndToEnd.Tests.Meetings;

/// <summary>
/// The `gateway,core` + `sfu` cluster of real processes storing recordings in an s3rver started here, with small
/// parts (16 KiB: audio too has parts within seconds) and a 1 s progress interval (how soon the room's recordings
/// grain notices a lost SFU). In PostgreSQL cluster mode, as deployed: localhost clustering keeps Orleans'
/// in-memory grain directory, part of it on the `sfu` process, and when that process was killed the room's grains
/// whose entries it held were re-registered mid-call (the recordings grain deactivating while it ended the
/// recording, so `recordingStopped` never went out: the test's occasional timeout).
/// </summary>
public sealed class RecordingToS3Silos : GatewayAndSfuSilos
{
    private S3rverServer? _s3;
    private PostgresServer? _postgres;

    public S3rverServer S3 => _s3 ?? throw new InvalidOperationException("Not started.");

    protected override async Task<IReadOnlyDictionary<string, string>> SharedSettingsAsync()
    {
        if (S3rverServer.Executable is null) throw new InvalidOperationException(S3rverServer.SkipReason);
        _s3 = new S3rverServer("recordings");
        await _s3.InitializeAsync();
        _postgres = new PostgresServer();
        await _postgres.InitializeAsync();
        var settings = MeetingFixture.RecordingSettings(_s3, partBytes: 16 * 1024);
        settings["Conference:Recordings:ProgressInterval"] = "00:00:01";
        settings["Conference:Cluster:Mode"] = "postgres";
        settings["Conference:Cluster:ConnectionString"] = _postgres.ConnectionString();
        settings["Logging:LogLevel:Conference"] = "Information"; // the recording's end and the media moves, in a failure's log
        return settings;
    }

    /// <summary>Started once the SFU process has reported its load (before that no room can be placed on it).</summary>
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        if (!LoopbackNamespace.IsInside) return;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while ((await Gateway.SendAsync(Accounts.Admin, HttpMethod.Get, "/api/admin/silos")).GetArrayLength() < 1)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The SFU process did not report its load.");
            await Task.Delay(250);
        }
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_s3 is not null) await _s3.DisposeAsync();
        if (_postgres is not null) await _postgres.DisposeAsync();
    }
}

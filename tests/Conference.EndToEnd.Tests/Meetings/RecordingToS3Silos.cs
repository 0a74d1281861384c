using Conference.Server.Tests.Support;

namespace Conference.EndToEnd.Tests.Meetings;

/// <summary>
/// The `gateway,core` + `sfu` cluster of real processes storing recordings in an s3rver started here, with small
/// parts (16 KiB: audio too has parts within seconds) and a 1 s progress interval (how soon the room's recordings
/// grain notices a lost SFU).
/// </summary>
public sealed class RecordingToS3Silos : GatewayAndSfuSilos
{
    private S3rverServer? _s3;

    public S3rverServer S3 => _s3 ?? throw new InvalidOperationException("Not started.");

    protected override async Task<IReadOnlyDictionary<string, string>> SharedSettingsAsync()
    {
        if (S3rverServer.Executable is null) throw new InvalidOperationException(S3rverServer.SkipReason);
        _s3 = new S3rverServer("recordings");
        await _s3.InitializeAsync();
        var settings = MeetingFixture.RecordingSettings(_s3, partBytes: 16 * 1024);
        settings["Conference:Recordings:ProgressInterval"] = "00:00:01";
        return settings;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_s3 is not null) await _s3.DisposeAsync();
    }
}

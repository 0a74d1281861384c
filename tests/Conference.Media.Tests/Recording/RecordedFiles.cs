using Conference.Media.Recording;

namespace Conference.Media.Tests.Recording;

/// <summary>A temporary folder for a test class's files, and a track recorded from RTP into one of them.</summary>
public abstract class RecordedFiles : IDisposable
{
    protected string Folder { get; } = Directory.CreateTempSubdirectory("recording-test-").FullName;

    public void Dispose()
    {
        Directory.Delete(Folder, recursive: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Feeds the packets, in the order given, to a recorder writing <paramref name="file"/> (in the folder), and completes it.</summary>
    internal async Task<WebmTrackRecorder> RecordAsync(string file, RecordingTrackFormat format, IEnumerable<RtpSend> sends)
    {
        await using var output = File.Create(Path.Combine(Folder, file));
        var recorder = new WebmTrackRecorder(format, output);
        foreach (var send in sends) recorder.OnRtp(send.Packet, send.ArrivalMs);
        recorder.Complete();
        return recorder;
    }

    protected string PathOf(string file) => Path.Combine(Folder, file);
}

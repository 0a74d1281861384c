using Conference.Common;
using Conference.Grains.Recordings;
using Conference.Media.Recording;
using Conference.Media.Sfu.Rooms;
using Conference.Recordings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Conference.Grains.Media;

/// <summary>
/// Recording (issue 16): while a recording runs, every forwarded track gets a WebM file (Matroska for H.264) (created through the
/// <see cref="IRecordingStore"/>) fed by the room's tap (<see cref="SfuRecordingTap"/>); tracks published later
/// join, unpublished ones are finished. The 250 ms poll keeps the set in step; progress goes to the room's
/// recordings grain every few seconds (one-way), so the metadata survives this silo.
/// </summary>
public sealed partial class MediaRouterGrain
{
    private RoomRecording? _recording;
    private SfuRecordingTap? _tap;
    private readonly Dictionary<string, string> _recordedKeys = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unrecordable = new(StringComparer.Ordinal);
    private long _reportedBytes, _reportedOverflows;
    private IGrainTimer? _progressTimer;
    private ILogger? _recordingLog;

    private ILogger RecordingLog => _recordingLog ??= ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Conference.Recordings");

    public async Task<Result<bool>> StartRecording(string recordingId)
    {
        if (Room() is not { } room) return ResourceError.Unavailable("This silo runs no media engine.");
        if (_recording is { } current)
            return current.RecordingId == recordingId ? true : ResourceError.Conflict($"Recording '{current.RecordingId}' is in progress.");
        if (ServiceProvider.GetService<IRecordingStore>() is null) return ResourceError.Unavailable("No recording storage is configured.");
        _recording = new RoomRecording(recordingId);
        _recording.Failed += (track, ex) => RecordingLog.LogError(ex, "Recording {Recording}: storing the file of track {Track} failed", recordingId, track.TrackId);
        _recordedKeys.Clear();
        _unrecordable.Clear();
        _reportedBytes = _reportedOverflows = 0;
        _tap = new SfuRecordingTap(room, _recording);
        await room.AddTapAsync(_tap);
        RecordingMetrics.RecordingStarted();
        var interval = ServiceProvider.GetRequiredService<RecordingOptions>().ProgressInterval;
        _progressTimer = this.RegisterGrainTimer(ReportProgress, new GrainTimerCreationOptions(interval, interval) { Interleave = false });
        await SyncRecording();
        RecordingLog.LogInformation("Room {Room}: recording {Recording} started", RoomId, recordingId);
        return true;
    }

    public async Task<Result<IReadOnlyList<RecordedTrack>>> StopRecording(string recordingId)
    {
        if (_recording is not { } recording || recording.RecordingId != recordingId)
            return ResourceError.NotFound("Recording", recordingId);
        var tracks = await FinishRecording();
        RecordingLog.LogInformation("Room {Room}: recording {Recording} stopped ({Tracks} files)", RoomId, recordingId, tracks.Count);
        return Result(tracks);
    }

    public Task<string?> ActiveRecording() => Task.FromResult(_recording?.RecordingId);

    private static Result<IReadOnlyList<RecordedTrack>> Result(IReadOnlyList<RecordedTrack> tracks) => new(tracks, null);

    /// <summary>Stops the tap, finishes and stores every file, and reports the final state.</summary>
    private async Task<IReadOnlyList<RecordedTrack>> FinishRecording()
    {
        var recording = _recording!;
        if (_room is { } room && _tap is { } tap) await room.RemoveTapAsync(tap); // returns once the loop no longer calls it
        _tap = null;
        _progressTimer?.Dispose();
        _progressTimer = null;
        await recording.StopAsync();
        _recording = null;
        RecordingMetrics.RecordingEnded();
        var tracks = Describe(recording);
        Account(recording);
        GrainFactory.GetGrain<IRoomRecordingsGrain>(RoomId).Progress(recording.RecordingId, tracks).Ignore();
        return tracks;
    }

    /// <summary>From the poll: files for new tracks, finished files for tracks that are gone.</summary>
    private async Task SyncRecording()
    {
        if (_recording is not { } recording || _room is not { } room) return;
        var forwarded = await room.ForwardedTracksAsync();
        foreach (var trackId in recording.TrackIds.Except(forwarded.Select(t => t.Info.TrackId)).ToList()) _ = recording.Remove(trackId);
        foreach (var track in forwarded)
        {
            if (recording.IsRecording(track.Info.TrackId) || _recordedKeys.ContainsKey(track.Info.TrackId) || _unrecordable.Contains(track.Info.TrackId)) continue;
            if (RecordingTrackFormat.FromEncodingName(track.Codec, track.ClockRate, track.Channels) is not { } format)
            {
                _unrecordable.Add(track.Info.TrackId);
                RecordingLog.LogWarning("Room {Room}: track {Track} in {Codec} cannot be recorded (Opus, VP8, VP9 and H.264 can)", RoomId, track.Info.TrackId, track.Codec);
                continue;
            }
            var key = RecordingKeys.For(RoomId, recording.RecordingId, track.Info.TrackId, format.FileExtension);
            _recordedKeys[track.Info.TrackId] = key;
            try
            {
                var file = await ServiceProvider.GetRequiredService<IRecordingStore>().CreateAsync(key, CancellationToken.None);
                if (_recording != recording) { await file.DisposeAsync(); return; }
                recording.Add(new TrackRecording(track.Info.TrackId, track.ParticipantId, track.Info.Kind, track.Info.Source, format, file, DateTimeOffset.UtcNow));
            }
            catch (Exception ex)
            {
                RecordingMetrics.UploadFailed();
                RecordingLog.LogError(ex, "Room {Room}: the file for track {Track} could not be created", RoomId, track.Info.TrackId);
            }
        }
    }

    private Task ReportProgress()
    {
        if (_recording is not { } recording) return Task.CompletedTask;
        Account(recording);
        GrainFactory.GetGrain<IRoomRecordingsGrain>(RoomId).Progress(recording.RecordingId, Describe(recording)).Ignore();
        return Task.CompletedTask;
    }

    /// <summary>Metrics deltas since the last report; overflows are logged (never silent).</summary>
    private void Account(RoomRecording recording)
    {
        var status = recording.Status();
        long bytes = status.Sum(t => t.Bytes), overflows = recording.Overflows;
        RecordingMetrics.BytesWritten(bytes - _reportedBytes);
        if (overflows > _reportedOverflows)
        {
            RecordingMetrics.QueueOverflowed(overflows - _reportedOverflows);
            RecordingLog.LogWarning("Room {Room}: recording {Recording} dropped {Packets} RTP packets (queue full; {Total} in all)",
                RoomId, recording.RecordingId, overflows - _reportedOverflows, overflows);
        }
        _reportedBytes = bytes;
        _reportedOverflows = overflows;
    }

    private IReadOnlyList<RecordedTrack> Describe(RoomRecording recording) =>
        recording.Status().Select(t => new RecordedTrack(t.TrackId, t.ParticipantId, null, null, t.Kind, t.Source,
            t.Codec.ToString().ToLowerInvariant(), _recordedKeys.GetValueOrDefault(t.TrackId) ?? RecordingKeys.For(RoomId, recording.RecordingId, t.TrackId, new RecordingTrackFormat(t.Codec, 0).FileExtension),
            t.StartedAt, t.DurationMs, t.Bytes, t.Finished, t.Width, t.Height, t.Error)).ToList();
}

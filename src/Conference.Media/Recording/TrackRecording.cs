namespace Conference.Media.Recording;

/// <summary>What is known about a track being recorded, for listings: read from any thread.</summary>
public sealed record TrackRecordingStatus(
    string TrackId, string ParticipantId, string Kind, string Source, RecordingCodec Codec, DateTimeOffset StartedAt,
    long DurationMs, long Bytes, int Width, int Height, long PacketsLost, long Overflows, bool Finished, string? Error);

/// <summary>
/// One published track's recording: the queue the media loop fills, and (owned by the writer thread) the recorder
/// and its file. The file is created by the caller (it may need I/O) and handed over with the track.
/// </summary>
public sealed class TrackRecording
{
    private readonly WebmTrackRecorder _recorder;
    private long _bytes, _durationMs;
    private volatile bool _finished;
    private volatile string? _error;

    public TrackRecording(string trackId, string participantId, string kind, string source, RecordingTrackFormat format,
        IRecordingFile file, DateTimeOffset startedAt, int queueCapacity = 1024)
    {
        TrackId = trackId;
        ParticipantId = participantId;
        Kind = kind;
        Source = source;
        File = file;
        StartedAt = startedAt;
        Queue = new RtpPacketQueue(queueCapacity);
        _recorder = new WebmTrackRecorder(format, file.Stream);
        _recorder.Started += muxer => muxer.ClusterWritten += (length, durationMs) =>
        {
            file.OnPrefixWritten(length, durationMs);
            Volatile.Write(ref _bytes, length);
        };
    }

    public string TrackId { get; }
    public string ParticipantId { get; }
    public string Kind { get; }
    public string Source { get; }
    public DateTimeOffset StartedAt { get; }
    public IRecordingFile File { get; }
    internal RtpPacketQueue Queue { get; }
    internal WebmTrackRecorder Recorder => _recorder;

    /// <summary>Read on the media loop: ask the publisher for a keyframe.</summary>
    public bool WantsKeyframe => _recorder.WantsKeyframe;

    public long Overflows => Queue.Overflows;

    public TrackRecordingStatus Status() => new(TrackId, ParticipantId, Kind, Source, _recorder.Format.Codec, StartedAt,
        Volatile.Read(ref _durationMs), Volatile.Read(ref _bytes), _recorder.Width, _recorder.Height, _recorder.PacketsLost,
        Queue.Overflows, _finished, _error);

    /// <summary>Writer thread: everything queued goes to the recorder.</summary>
    internal int Drain()
    {
        int drained = 0;
        while (Queue.TryPeek(out var packet, out long arrival))
        {
            _recorder.OnRtp(packet, arrival);
            Queue.Release();
            drained++;
        }
        if (_recorder.Muxer is { } muxer) Volatile.Write(ref _durationMs, muxer.DurationMs);
        return drained;
    }

    internal void Tick(long nowMs) => _recorder.Tick(nowMs);

    /// <summary>Writer thread: finishes the file and hands it to storage.</summary>
    internal async Task FinishAsync(CancellationToken cancellation)
    {
        try
        {
            Drain();
            long length = _recorder.Complete() ? File.Stream.Length : 0;
            if (_recorder.Muxer is { } muxer) Volatile.Write(ref _durationMs, muxer.DurationMs);
            Volatile.Write(ref _bytes, length);
            await File.CompleteAsync(length, cancellation);
        }
        catch (Exception ex)
        {
            _error = ex.Message;
            throw;
        }
        finally
        {
            _finished = true;
            await File.DisposeAsync();
        }
    }

    internal void MarkFailed(string error) => _error = error;
}

using System.Collections.Concurrent;

namespace Conference.Media.Recording;

/// <summary>
/// One recording of a room on the SFU silo: a file per published track. Threads: the media loop calls
/// <see cref="OnRtp"/> (a lookup in an immutable snapshot and a copy into the track's bounded queue: no lock, no
/// allocation, never blocking); the controlling thread (the media router grain) adds and removes tracks; one
/// writer thread per recording owns the recorders and files, draining the queues every <see cref="PollInterval"/>.
/// </summary>
public sealed class RoomRecording : IAsyncDisposable
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);
    private readonly ConcurrentQueue<(TrackRecording Track, TaskCompletionSource Done)> _finishing = new();
    private readonly ConcurrentQueue<TrackRecording> _adding = new();
    private readonly Dictionary<string, TrackRecording> _tracks = new(StringComparer.Ordinal); // controlling thread
    private readonly List<TrackRecording> _all = [];
    private Dictionary<string, TrackRecording> _snapshot = new(StringComparer.Ordinal);
    private readonly Thread _writer;
    private volatile bool _stopping;
    private long _finishedOverflows;

    public RoomRecording(string recordingId)
    {
        RecordingId = recordingId;
        _writer = new Thread(WriteLoop) { IsBackground = true, Name = $"recording {recordingId}" };
        _writer.Start();
    }

    public string RecordingId { get; }

    /// <summary>Raised on the writer thread when finishing a file fails (the file keeps what was written).</summary>
    public event Action<TrackRecording, Exception>? Failed;

    public bool IsRecording(string trackId) => _tracks.ContainsKey(trackId);

    public IReadOnlyCollection<string> TrackIds => _tracks.Keys;

    /// <summary>Packets dropped because a track's queue was full, over the whole recording.</summary>
    public long Overflows => Interlocked.Read(ref _finishedOverflows) + Volatile.Read(ref _snapshot).Values.Sum(t => t.Overflows);

    /// <summary>Controlling thread: starts recording a track (its packets are taken from now on).</summary>
    public void Add(TrackRecording track)
    {
        if (_stopping) throw new InvalidOperationException("the recording is stopping");
        _tracks[track.TrackId] = track;
        lock (_all) _all.Add(track);
        _adding.Enqueue(track);
        Volatile.Write(ref _snapshot, new Dictionary<string, TrackRecording>(_tracks, StringComparer.Ordinal));
    }

    /// <summary>Controlling thread: the track is gone; its file is finished and stored (the task ends when it is).</summary>
    public Task Remove(string trackId)
    {
        if (!_tracks.Remove(trackId, out var track)) return Task.CompletedTask;
        Volatile.Write(ref _snapshot, new Dictionary<string, TrackRecording>(_tracks, StringComparer.Ordinal));
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _finishing.Enqueue((track, done));
        return done.Task;
    }

    /// <summary>Finishes every file; the writer thread ends once they are stored.</summary>
    public async Task StopAsync()
    {
        var pending = _tracks.Keys.ToList().Select(Remove).ToList();
        _stopping = true;
        try { await Task.WhenAll(pending); }
        finally { _writer.Join(TimeSpan.FromSeconds(5)); }
    }

    public IReadOnlyList<TrackRecordingStatus> Status()
    {
        lock (_all) return _all.Select(t => t.Status()).ToList();
    }

    /// <summary>Media loop: one received (decrypted) RTP packet of a published track. True when the recorder wants a keyframe of it.</summary>
    public bool OnRtp(string trackId, ReadOnlySpan<byte> packet)
    {
        if (!Volatile.Read(ref _snapshot).TryGetValue(trackId, out var track)) return false;
        track.Queue.TryEnqueue(packet, Environment.TickCount64);
        return track.WantsKeyframe;
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private void WriteLoop()
    {
        var active = new List<TrackRecording>();
        while (true)
        {
            while (_adding.TryDequeue(out var added)) active.Add(added);
            long now = Environment.TickCount64;
            foreach (var track in active)
            {
                track.Drain();
                track.Tick(now);
            }
            while (_finishing.TryDequeue(out var entry))
            {
                active.Remove(entry.Track);
                Interlocked.Add(ref _finishedOverflows, entry.Track.Overflows);
                _ = FinishAsync(entry.Track, entry.Done);
            }
            if (_stopping && active.Count == 0 && _adding.IsEmpty && _finishing.IsEmpty) return;
            Thread.Sleep(PollInterval);
        }
    }

    /// <summary>The muxer's finish (cues, header) runs here; storing (an upload) continues on the thread pool.</summary>
    private async Task FinishAsync(TrackRecording track, TaskCompletionSource done)
    {
        try
        {
            await track.FinishAsync(CancellationToken.None);
        }
        catch (Exception ex)
        {
            Failed?.Invoke(track, ex);
        }
        finally
        {
            done.TrySetResult();
        }
    }
}

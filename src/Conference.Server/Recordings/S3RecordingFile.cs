using Conference.Media.Recording;

namespace Conference.Server.Recordings;

/// <summary>
/// One track's spool on the SFU silo: complete clusters are uploaded in parts as they accumulate (one upload at a
/// time, in order, off the writer thread), each part labelled with the length of the file up to its end; finishing
/// uploads the finalised file. A failed part is not retried: the final upload carries the whole file anyway.
/// </summary>
internal sealed class S3RecordingFile(S3RecordingStore store, string key, string spoolPath, FileStream spool) : IRecordingFile
{
    private readonly Lock _lock = new();
    private Task _uploads = Task.CompletedTask;
    private long _uploadedTo, _scheduledTo;
    private int _parts;

    public Stream Stream => spool;

    /// <summary>Writer thread: schedules the next part when a part's worth of complete clusters is on disk.</summary>
    public void OnPrefixWritten(long length, long durationMs)
    {
        lock (_lock)
        {
            if (length - _scheduledTo < store.PartBytes) return;
            long offset = _scheduledTo;
            int part = ++_parts;
            _scheduledTo = length;
            _uploads = _uploads.ContinueWith(async _ =>
            {
                await store.UploadPart(key, part, spoolPath, offset, length - offset, durationMs, CancellationToken.None);
                Volatile.Write(ref _uploadedTo, length);
            }, TaskScheduler.Default).Unwrap();
        }
    }

    public async Task CompleteAsync(long length, CancellationToken cancellation)
    {
        await spool.FlushAsync(cancellation);
        Task pending;
        lock (_lock) pending = _uploads;
        try { await pending; }
        catch (Exception) { } // counted and logged by the store; the whole file goes up now anyway
        await store.Finish(key, spoolPath, length, _parts, cancellation);
    }

    public async ValueTask DisposeAsync()
    {
        await spool.DisposeAsync();
        File.Delete(spoolPath);
    }
}

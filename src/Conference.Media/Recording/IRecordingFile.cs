namespace Conference.Media.Recording;

/// <summary>
/// Where one recorded track's file goes (local file, or a spool that is uploaded to object storage as it grows).
/// <see cref="Stream"/> and <see cref="OnPrefixWritten"/> are used by the recording's writer thread only and must
/// not block it; <see cref="CompleteAsync"/> runs once, after the file is finished.
/// </summary>
public interface IRecordingFile : IAsyncDisposable
{
    /// <summary>Seekable: the muxer finalises its header in place.</summary>
    Stream Stream { get; }

    /// <summary>
    /// The first <paramref name="length"/> bytes are a playable file of <paramref name="durationMs"/> and will not
    /// change again, except the header.
    /// </summary>
    void OnPrefixWritten(long length, long durationMs);

    /// <summary>The file is finished at <paramref name="length"/> bytes (0: nothing was recorded): store it for good.</summary>
    Task CompleteAsync(long length, CancellationToken cancellation);
}

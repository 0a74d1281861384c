using Conference.Grains.Recordings;
using Conference.Media.Recording;

namespace Conference.Server.Recordings;

/// <summary>The embedded default: each file written in place under <c>{data}/{key}</c>, owner-only; downloads go through the API.</summary>
public sealed class FileRecordingStore(string root) : IRecordingStore
{
    public Task<IRecordingFile> CreateAsync(string key, CancellationToken cancellation) =>
        Task.FromResult<IRecordingFile>(new LocalFile(OwnerOnlyFiles.Create(PathOf(key))));

    /// <summary>Whatever reached the disk is the file (every complete cluster is a playable prefix); its length is what was last reported.</summary>
    public Task<SalvagedFile> SalvageAsync(string key, CancellationToken cancellation) =>
        Task.FromResult(new SalvagedFile(File.Exists(PathOf(key)) ? new FileInfo(PathOf(key)).Length : 0L, DurationMs: null));

    public Task<string?> PresignedUrlAsync(string key, TimeSpan lifetime, CancellationToken cancellation) => Task.FromResult<string?>(null);

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellation)
    {
        var path = PathOf(key);
        return Task.FromResult<Stream?>(File.Exists(path)
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 81920, useAsync: true)
            : null);
    }

    public Task DeleteAsync(string key, CancellationToken cancellation)
    {
        var path = PathOf(key);
        File.Delete(path);
        var folder = Path.GetDirectoryName(path)!;
        if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any()) Directory.Delete(folder);
        return Task.CompletedTask;
    }

    private string PathOf(string key) =>
        RecordingKeys.IsValid(key) ? Path.Combine(root, key) : throw new ArgumentException($"Not a recording key: '{key}'.", nameof(key));

    private sealed class LocalFile(FileStream stream) : IRecordingFile
    {
        public Stream Stream => stream;

        public void OnPrefixWritten(long length, long durationMs) { }

        public async Task CompleteAsync(long length, CancellationToken cancellation)
        {
            await stream.FlushAsync(cancellation);
        }

        public ValueTask DisposeAsync() => stream.DisposeAsync();
    }
}

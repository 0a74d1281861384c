using Conference.Media.Recording;

namespace Conference.Grains.Recordings;

/// <summary>
/// Where recording files go: the data folder (embedded default) or an S3-compatible bucket. Keys are
/// <c>recordings/{roomId}/{recordingId}/{trackId}.webm</c> (<c>.mkv</c> for H.264) (<see cref="RecordingKeys"/>).
/// </summary>
public interface IRecordingStore
{
    /// <summary>A new file being recorded (on the SFU silo): written locally, stored as it grows.</summary>
    Task<IRecordingFile> CreateAsync(string key, CancellationToken cancellation);

    /// <summary>Ends a file whose writer went away with what was stored of it: its size (0 when nothing was) and, when the store knows it, its length.</summary>
    Task<SalvagedFile> SalvageAsync(string key, CancellationToken cancellation);

    /// <summary>A time-limited URL that downloads the file without further credentials; null when the store has none (files: the API serves it).</summary>
    Task<string?> PresignedUrlAsync(string key, TimeSpan lifetime, CancellationToken cancellation);

    /// <summary>The stored file for reading, or null when it does not exist.</summary>
    Task<Stream?> OpenReadAsync(string key, CancellationToken cancellation);

    Task DeleteAsync(string key, CancellationToken cancellation);
}

/// <summary>What a salvaged file holds: <paramref name="DurationMs"/> null when the store cannot tell (the last reported length stands).</summary>
public sealed record SalvagedFile(long Bytes, long? DurationMs);

public static class RecordingKeys
{
    public static string For(string roomId, string recordingId, string trackId, string extension = ".webm") =>
        $"recordings/{roomId}/{recordingId}/{trackId}{extension}";

    /// <summary>True for keys this code makes from well-formed ids (never a path to follow otherwise).</summary>
    public static bool IsValid(string key)
    {
        var parts = key.Split('/');
        return parts.Length == 4 && parts[0] == "recordings" && Extension(parts[3]) is { } extension
            && Common.ResourceIds.IsWellFormed(parts[1]) && Common.ResourceIds.IsWellFormed(parts[2])
            && Common.ResourceIds.IsWellFormed(parts[3][..^extension.Length]);
    }

    /// <summary>The media type of the file a key names: WebM, or Matroska for H.264 recordings.</summary>
    public static string ContentType(string key) => key.EndsWith(".mkv", StringComparison.Ordinal) ? "video/x-matroska" : "video/webm";

    private static string? Extension(string file) =>
        file.EndsWith(".webm", StringComparison.Ordinal) ? ".webm" : file.EndsWith(".mkv", StringComparison.Ordinal) ? ".mkv" : null;
}

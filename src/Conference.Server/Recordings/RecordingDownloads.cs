using Conference.Grains.Recordings;
using Conference.Recordings;
using Microsoft.AspNetCore.DataProtection;

namespace Conference.Server.Recordings;

/// <summary>A recording's files with time-limited download URLs.</summary>
public sealed record RecordingDownload(Recording Recording, IReadOnlyList<RecordingFileLink> Files, DateTimeOffset ExpiresAt);

/// <summary>One file's link: presigned by the S3 store, else a token route of this API that needs no other credentials.</summary>
public sealed record RecordingFileLink(string TrackId, string? UserId, string Kind, string Url);

/// <summary>
/// Download links. In S3 mode the object store presigns them; with the file store they point at
/// <c>/api/recordings/files/{token}</c>, the token a time-limited Data Protection payload naming the file's key
/// (keys live with this process: a link works on the gateway that issued it).
/// </summary>
public sealed class RecordingDownloads(IRecordingStore store, RecordingOptions options, IDataProtectionProvider protection, TimeProvider time)
{
    private readonly ITimeLimitedDataProtector _tokens = protection.CreateProtector("conference.recordings.download").ToTimeLimitedDataProtector();

    public async Task<RecordingDownload> For(Recording recording, CancellationToken cancellation)
    {
        var lifetime = TimeSpan.FromMinutes(Math.Max(1, options.DownloadUrlMinutes));
        var files = new List<RecordingFileLink>();
        foreach (var track in recording.Tracks.Where(t => t.Bytes > 0))
        {
            var url = await store.PresignedUrlAsync(track.Key, lifetime, cancellation)
                ?? $"/api/recordings/files/{_tokens.Protect(track.Key, lifetime)}";
            files.Add(new RecordingFileLink(track.TrackId, track.UserId, track.Kind, url));
        }
        return new RecordingDownload(recording, files, time.GetUtcNow() + lifetime);
    }

    /// <summary>The key a token names, or null when it is not one of ours or has expired.</summary>
    public string? KeyOf(string token)
    {
        try
        {
            var key = _tokens.Unprotect(token, out _);
            return RecordingKeys.IsValid(key) ? key : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}

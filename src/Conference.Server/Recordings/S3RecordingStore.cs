using Conference.Grains.Recordings;
using Conference.Media.Recording;
using Minio;
using Minio.DataModel.Args;
using Minio.Exceptions;

namespace Conference.Server.Recordings;

/// <summary>
/// Recordings in one bucket of an S3-compatible server, through the Minio client. While recording, the file is
/// spooled on the SFU silo and each <see cref="RecordingOptions.PartBytes"/> of complete clusters is uploaded as
/// it fills, as object <c>{key}.part00001</c>, … (Minio 7 keeps its multipart-upload calls private, and these parts
/// need no ListMultipartUploads, which s3rver lacks). Finishing uploads the finalised file as <c>{key}</c> and
/// deletes the parts; if the silo went away first, <see cref="SalvageAsync"/> joins the uploaded parts into
/// <c>{key}</c> (a playable prefix: a crash loses at most the part being written).
/// </summary>
public sealed class S3RecordingStore(IMinioClient client, RecordingOptions options, string spoolFolder, ILogger<S3RecordingStore> logger) : IRecordingStore
{
    private readonly SemaphoreSlim _bucketCheck = new(1, 1);
    private bool _bucketReady;

    public static S3RecordingStore Create(RecordingOptions options, string spoolFolder, ILogger<S3RecordingStore> logger)
    {
        if (string.IsNullOrWhiteSpace(options.Endpoint))
            throw new InvalidOperationException($"{RecordingOptions.Section}:Endpoint is required when the store is \"s3\".");
        var client = new MinioClient().WithEndpoint(options.Endpoint).WithCredentials(options.AccessKey, options.SecretKey)
            .WithSSL(options.UseSsl).Build();
        return new S3RecordingStore(client, options, spoolFolder, logger);
    }

    public async Task<IRecordingFile> CreateAsync(string key, CancellationToken cancellation)
    {
        if (!RecordingKeys.IsValid(key)) throw new ArgumentException($"Not a recording key: '{key}'.", nameof(key));
        await EnsureBucket(cancellation);
        var spool = Path.Combine(spoolFolder, key.Replace('/', '_'));
        return new S3RecordingFile(this, key, spool, OwnerOnlyFiles.Create(spool));
    }

    public async Task<SalvagedFile> SalvageAsync(string key, CancellationToken cancellation)
    {
        var joined = Path.Combine(spoolFolder, "salvage-" + Guid.NewGuid().ToString("N"));
        var parts = new List<string>();
        long? durationMs = null;
        try
        {
            await using (var output = OwnerOnlyFiles.Create(joined))
            {
                for (int part = 1; ; part++)
                {
                    var name = PartKey(key, part);
                    try
                    {
                        var stat = await client.GetObjectAsync(new GetObjectArgs().WithBucket(options.Bucket).WithObject(name)
                            .WithCallbackStream((stream, token) => stream.CopyToAsync(output, token)), cancellation);
                        durationMs = DurationOf(stat) ?? durationMs;
                    }
                    catch (ObjectNotFoundException) { break; }
                    parts.Add(name);
                }
            }
            long size = new FileInfo(joined).Length;
            if (size > 0) await PutFile(key, joined, size, cancellation);
            foreach (var part in parts) await client.RemoveObjectAsync(new RemoveObjectArgs().WithBucket(options.Bucket).WithObject(part), cancellation);
            return new SalvagedFile(size, size == 0 ? 0 : durationMs);
        }
        finally
        {
            File.Delete(joined);
        }
    }

    public async Task<string?> PresignedUrlAsync(string key, TimeSpan lifetime, CancellationToken cancellation) =>
        await client.PresignedGetObjectAsync(new PresignedGetObjectArgs().WithBucket(options.Bucket).WithObject(key)
            .WithExpiry((int)lifetime.TotalSeconds));

    public async Task<Stream?> OpenReadAsync(string key, CancellationToken cancellation)
    {
        var copy = new MemoryStream();
        try
        {
            await client.GetObjectAsync(new GetObjectArgs().WithBucket(options.Bucket).WithObject(key)
                .WithCallbackStream((stream, token) => stream.CopyToAsync(copy, token)), cancellation);
        }
        catch (ObjectNotFoundException) { return null; }
        copy.Position = 0;
        return copy;
    }

    public Task DeleteAsync(string key, CancellationToken cancellation) =>
        client.RemoveObjectAsync(new RemoveObjectArgs().WithBucket(options.Bucket).WithObject(key), cancellation);

    internal static string PartKey(string key, int part) => $"{key}.part{part:D5}";

    internal int PartBytes => Math.Max(options.PartBytes, MinimumPartBytes);

    internal const int MinimumPartBytes = 16 * 1024;

    /// <summary>User metadata on each part: the length of the file up to the end of that part (what a salvage ends at).</summary>
    private const string DurationHeader = "x-amz-meta-duration-ms";

    private static long? DurationOf(Minio.DataModel.ObjectStat stat) =>
        stat.MetaData?.FirstOrDefault(m => m.Key.EndsWith("duration-ms", StringComparison.OrdinalIgnoreCase)).Value is { } value
            && long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long ms) ? ms : null;

    internal async Task UploadPart(string key, int part, string spool, long offset, long length, long durationMs, CancellationToken cancellation)
    {
        try
        {
            await using var source = new FileStream(spool, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            source.Position = offset;
            var bytes = new byte[length];
            await source.ReadExactlyAsync(bytes, cancellation);
            using var data = new MemoryStream(bytes, writable: false);
            await client.PutObjectAsync(new PutObjectArgs().WithBucket(options.Bucket).WithObject(PartKey(key, part))
                .WithStreamData(data).WithObjectSize(length).WithContentType("application/octet-stream")
                .WithHeaders(new Dictionary<string, string> { [DurationHeader] = durationMs.ToString(System.Globalization.CultureInfo.InvariantCulture) }), cancellation);
            RecordingMetrics.BytesUploaded(length);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            RecordingMetrics.UploadFailed();
            logger.LogError(ex, "Recording part {Part} of {Key} could not be uploaded", part, key);
            throw;
        }
    }

    internal async Task Finish(string key, string spool, long length, int parts, CancellationToken cancellation)
    {
        try
        {
            if (length > 0) await PutFile(key, spool, length, cancellation);
            RecordingMetrics.BytesUploaded(length);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            RecordingMetrics.UploadFailed();
            logger.LogError(ex, "Recording {Key} could not be uploaded; its {Parts} parts stay for salvage", key, parts);
            throw;
        }
        for (int part = 1; part <= parts; part++)
        {
            try { await client.RemoveObjectAsync(new RemoveObjectArgs().WithBucket(options.Bucket).WithObject(PartKey(key, part)), cancellation); }
            catch (Exception ex) when (ex is not OperationCanceledException) { logger.LogWarning(ex, "Recording part {Part} of {Key} could not be deleted", part, key); }
        }
    }

    private async Task PutFile(string key, string path, long size, CancellationToken cancellation)
    {
        await using var source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 81920, useAsync: true);
        await client.PutObjectAsync(new PutObjectArgs().WithBucket(options.Bucket).WithObject(key)
            .WithStreamData(source).WithObjectSize(size).WithContentType(RecordingKeys.ContentType(key)), cancellation);
    }

    private async Task EnsureBucket(CancellationToken cancellation)
    {
        if (_bucketReady) return;
        await _bucketCheck.WaitAsync(cancellation);
        try
        {
            if (!_bucketReady && !await client.BucketExistsAsync(new BucketExistsArgs().WithBucket(options.Bucket), cancellation))
                await client.MakeBucketAsync(new MakeBucketArgs().WithBucket(options.Bucket), cancellation);
            _bucketReady = true;
        }
        finally
        {
            _bucketCheck.Release();
        }
    }
}

using Minio;
using Minio.DataModel.Args;
using Minio.Exceptions;

namespace Conference.Server.Attachments;

/// <summary>Attachments as objects in one bucket of an S3-compatible server, through the Minio client.</summary>
public sealed class S3AttachmentStore(IMinioClient client, string bucket) : IAttachmentStore
{
    public static S3AttachmentStore Create(AttachmentOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Endpoint))
            throw new InvalidOperationException($"{AttachmentOptions.Section}:Endpoint is required when the store is \"s3\".");
        var client = new MinioClient()
            .WithEndpoint(options.Endpoint)
            .WithCredentials(options.AccessKey, options.SecretKey)
            .WithSSL(options.UseSsl)
            .Build();
        return new S3AttachmentStore(client, options.Bucket);
    }

    public async Task Put(string key, string sourcePath, long size, string contentType, CancellationToken cancellation)
    {
        await using var source = new FileStream(sourcePath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        // A known size lets the client send objects under its part size in one PUT (no multipart upload).
        await client.PutObjectAsync(new PutObjectArgs().WithBucket(bucket).WithObject(key)
            .WithStreamData(source).WithObjectSize(size).WithContentType(contentType), cancellation);
    }

    public async Task<bool> Read(string key, Func<Stream, CancellationToken, Task> consume, CancellationToken cancellation)
    {
        try
        {
            await client.GetObjectAsync(new GetObjectArgs().WithBucket(bucket).WithObject(key).WithCallbackStream(consume), cancellation);
            return true;
        }
        catch (ObjectNotFoundException)
        {
            return false;
        }
    }

    public Task Delete(string key, CancellationToken cancellation) =>
        client.RemoveObjectAsync(new RemoveObjectArgs().WithBucket(bucket).WithObject(key), cancellation);
}

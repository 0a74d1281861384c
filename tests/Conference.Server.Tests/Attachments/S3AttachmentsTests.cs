using System.Net;
using Conference.Server.Attachments;
using Conference.Server.Tests.Support;

namespace Conference.Server.Tests.Attachments;

/// <summary>The "s3" store against a real S3-compatible server (s3rver) through the Minio client.</summary>
[Trait("Category", "S3")]
public sealed class S3AttachmentsTests(S3AttachmentsTests.Server server) : IClassFixture<S3AttachmentsTests.Server>
{
    public sealed class Server : IAsyncLifetime
    {
        public S3rverServer S3 { get; } = new();
        public ApiFactory Factory { get; private set; } = null!;

        public AttachmentOptions Options => new()
        {
            Store = AttachmentStores.S3, Endpoint = S3.Endpoint, Bucket = S3.Bucket,
            AccessKey = S3rverServer.Key, SecretKey = S3rverServer.Key, UseSsl = false,
        };

        public async Task InitializeAsync()
        {
            await S3.InitializeAsync();
            Factory = ApiFactory.With(new Dictionary<string, string>
            {
                ["Conference:Attachments:Store"] = "s3",
                ["Conference:Attachments:Endpoint"] = S3.Endpoint,
                ["Conference:Attachments:Bucket"] = S3.Bucket,
                ["Conference:Attachments:AccessKey"] = S3rverServer.Key,
                ["Conference:Attachments:SecretKey"] = S3rverServer.Key,
                ["Conference:Attachments:UseSsl"] = "false",
            });
        }

        public async Task DisposeAsync()
        {
            await Factory.DisposeAsync();
            await S3.DisposeAsync();
        }
    }

    [S3rverFact]
    public async Task Attachments_are_objects_in_the_bucket_downloaded_byte_identical_and_deleted_with_them()
    {
        var admin = server.Factory.CreateAdminClient();
        var projectId = (await admin.Create("/api/projects", """{"name":"S3"}""")).Id();
        var taskId = (await admin.Create($"/api/projects/{projectId}/tasks", """{"name":"Store"}""")).Id();
        var bytes = AttachmentUploads.Png(300_000);
        var bucket = S3AttachmentStore.Create(server.Options);

        var created = await admin.Upload(taskId, bytes, "scan.png");
        var attachment = await created.Json();
        var key = $"{taskId}/{attachment.Id()}";
        var download = await admin.GetAsync(created.Headers.Location);
        var inBucket = await ObjectBytes(bucket, key);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("image/png", attachment["contentType"]!.GetValue<string>());
        Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal(bytes, inBucket);
        Assert.False(Directory.Exists(Path.Combine(server.Factory.DataPath, "attachments")));

        var deleted = await admin.Delete(created.Headers.Location!.OriginalString);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Null(await ObjectBytes(bucket, key));
        await (await admin.GetAsync(created.Headers.Location)).Problem(404);
    }

    /// <summary>Above 5 MiB the Minio client may switch to a multipart upload, which s3rver only partly implements.</summary>
    [S3rverFact]
    public async Task Files_over_5_MiB_are_stored_whole()
    {
        var bucket = S3AttachmentStore.Create(server.Options);
        var bytes = AttachmentUploads.Png(6 * 1024 * 1024 + 1);
        var folder = TempFolder.Create("conference-large");
        var path = Path.Combine(folder, "large.png");
        await File.WriteAllBytesAsync(path, bytes);

        await bucket.Put("large/object", path, bytes.Length, "image/png", CancellationToken.None);
        Directory.Delete(folder, recursive: true);

        Assert.Equal(bytes, await ObjectBytes(bucket, "large/object"));
    }

    private static async Task<byte[]?> ObjectBytes(IAttachmentStore bucket, string key)
    {
        using var copy = new MemoryStream();
        return await bucket.Read(key, (stream, cancellation) => stream.CopyToAsync(copy, cancellation), CancellationToken.None)
            ? copy.ToArray() : null;
    }
}

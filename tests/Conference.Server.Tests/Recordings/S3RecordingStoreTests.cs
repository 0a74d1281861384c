using Conference.Grains.Recordings;
using Conference.Server.Recordings;
using Conference.Server.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conference.Server.Tests.Recordings;

/// <summary>
/// The recordings' S3 store against a real S3-compatible server (s3rver) through the Minio client: parts go up
/// while the file grows, finishing stores the whole file and removes the parts, the presigned URL downloads it,
/// delete removes it; a file whose writer went away is salvaged from its uploaded parts.
/// </summary>
[Trait("Category", "S3")]
public sealed class S3RecordingStoreTests(S3RecordingStoreTests.Bucket bucket) : IClassFixture<S3RecordingStoreTests.Bucket>, IDisposable
{
    private const int PartBytes = 64 * 1024;
    private readonly string _spool = TempFolder.Create("conference-recording-spool");

    public sealed class Bucket : IAsyncLifetime
    {
        public S3rverServer S3 { get; } = new("recordings");

        public Task InitializeAsync() => S3.InitializeAsync();

        public Task DisposeAsync() => S3.DisposeAsync();
    }

    public void Dispose() => Directory.Delete(_spool, recursive: true);

    [S3rverFact]
    public async Task A_file_is_uploaded_in_parts_as_it_grows_then_whole_downloadable_by_its_presigned_url_and_deleted()
    {
        var store = Store();
        string key = Key();
        var content = Bytes(PartBytes * 5 / 2, seed: 1);

        await using (var file = await store.CreateAsync(key, CancellationToken.None))
        {
            await file.Stream.WriteAsync(content.AsMemory(0, PartBytes + 100));
            await file.Stream.FlushAsync();
            file.OnPrefixWritten(PartBytes + 100, durationMs: 1000);
            // The first part is in the bucket while the file is still being written.
            var part = await WaitForObject(S3RecordingStore.PartKey(key, 1));
            Assert.Equal(content[..(PartBytes + 100)], part);

            await file.Stream.WriteAsync(content.AsMemory(PartBytes + 100));
            await file.Stream.FlushAsync();
            file.OnPrefixWritten(content.Length - 10, durationMs: 2000); // less than a part's worth more: no new part
            await file.CompleteAsync(content.Length, CancellationToken.None);
        }

        Assert.Equal([Path.GetFileName(key)], Objects(key));
        Assert.Equal(content, await Read(store, key));
        Assert.Empty(Directory.GetFiles(_spool)); // the spool is gone with the file

        string url = (await store.PresignedUrlAsync(key, TimeSpan.FromMinutes(5), CancellationToken.None))!;
        Assert.StartsWith($"http://{bucket.S3.Endpoint}/{bucket.S3.Bucket}/{key}?", url);
        using var anonymous = new HttpClient();
        Assert.Equal(content, await anonymous.GetByteArrayAsync(url));

        await store.DeleteAsync(key, CancellationToken.None);
        Assert.Null(await store.OpenReadAsync(key, CancellationToken.None));
        Assert.Empty(Objects(key));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await anonymous.GetAsync(url)).StatusCode);
    }

    [S3rverFact]
    public async Task A_file_whose_writer_went_away_is_salvaged_from_its_uploaded_parts_and_the_parts_removed()
    {
        var store = Store();
        string key = Key();
        var content = Bytes(PartBytes * 3, seed: 2);

        await using (var file = await store.CreateAsync(key, CancellationToken.None))
        {
            await file.Stream.WriteAsync(content);
            await file.Stream.FlushAsync();
            file.OnPrefixWritten(PartBytes, durationMs: 4000);
            file.OnPrefixWritten(PartBytes * 2, durationMs: 8000);
            await WaitForObject(S3RecordingStore.PartKey(key, 2));
            // The writer goes away (its silo died): the rest of the spool and the final upload never happen.
        }

        var salvaged = await store.SalvageAsync(key, CancellationToken.None);

        Assert.Equal(new SalvagedFile(PartBytes * 2, DurationMs: 8000), salvaged); // the length the last uploaded part was labelled with
        Assert.Equal(content[..(PartBytes * 2)], await Read(store, key));
        Assert.Equal([Path.GetFileName(key)], Objects(key));
        Assert.Equal(new SalvagedFile(0, 0), await store.SalvageAsync(Key(), CancellationToken.None)); // nothing uploaded: nothing to salvage
    }

    private S3RecordingStore Store() => S3RecordingStore.Create(new RecordingOptions
    {
        Store = "s3", Endpoint = bucket.S3.Endpoint, Bucket = bucket.S3.Bucket, AccessKey = S3rverServer.Key,
        SecretKey = S3rverServer.Key, UseSsl = false, PartBytes = PartBytes,
    }, _spool, NullLogger<S3RecordingStore>.Instance);

    private static string Key() => RecordingKeys.For(Conference.Common.ResourceIds.New(), Conference.Common.ResourceIds.New(), Conference.Common.ResourceIds.New());

    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static async Task<byte[]?> Read(S3RecordingStore store, string key)
    {
        await using var stream = await store.OpenReadAsync(key, CancellationToken.None);
        if (stream is null) return null;
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    private async Task<byte[]> WaitForObject(string key)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!Objects(key).Contains(Path.GetFileName(key)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"{key} was not uploaded within 30 s");
            await Task.Delay(50);
        }
        return await File.ReadAllBytesAsync(bucket.S3.ObjectFile(key));
    }

    /// <summary>The objects in the recording's folder of the bucket.</summary>
    private List<string> Objects(string key) => bucket.S3.Objects(Path.GetDirectoryName(key)!);
}

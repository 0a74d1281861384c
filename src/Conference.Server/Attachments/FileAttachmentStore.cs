namespace Conference.Server.Attachments;

/// <summary>The embedded default: one file per attachment under <c>{data}/attachments/{taskId}/{attachmentId}</c>.</summary>
public sealed class FileAttachmentStore(string root) : IAttachmentStore
{
    public async Task Put(string key, string sourcePath, long size, string contentType, CancellationToken cancellation)
    {
        var path = PathOf(key);
        Hosting.OwnerOnly.CreateFolder(Path.GetDirectoryName(path)!);
        await Hosting.OwnerOnly.Copy(sourcePath, path);
    }

    public async Task<bool> Read(string key, Func<Stream, CancellationToken, Task> consume, CancellationToken cancellation)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(PathOf(key), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, useAsync: true);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }
        await using (stream) await consume(stream, cancellation);
        return true;
    }

    public Task Delete(string key, CancellationToken cancellation)
    {
        File.Delete(PathOf(key));
        return Task.CompletedTask;
    }

    /// <summary>Keys are built from well-formed resource ids; anything else is a bug, not a path to follow.</summary>
    private string PathOf(string key)
    {
        var parts = key.Split('/');
        if (parts.Length != 2 || !parts.All(Common.ResourceIds.IsWellFormed))
            throw new ArgumentException($"Not an attachment key: '{key}'.", nameof(key));
        return Path.Combine(root, parts[0], parts[1]);
    }
}

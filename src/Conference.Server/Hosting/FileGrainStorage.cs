using System.Security.Cryptography;
using System.Text;
using Orleans.Storage;

namespace Conference.Server.Hosting;

/// <summary>
/// Grain storage for the embedded default: one file per grain state under the data folder, written atomically
/// (temp file + rename) and serialized with the Orleans serializer, so [Alias]-named types survive renames.
/// The ETag is a version counter checked on every write, as the ADO.NET provider does.
/// </summary>
public sealed class FileGrainStorage(string root, IGrainStorageSerializer serializer) : IGrainStorage
{
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        if (!File.Exists(path))
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }
        var bytes = await File.ReadAllBytesAsync(path);
        var version = BitConverter.ToInt64(bytes, 0);
        grainState.State = serializer.Deserialize<T>(new BinaryData(bytes.AsMemory(sizeof(long))));
        grainState.ETag = version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        var stored = await StoredVersion(path);
        CheckETag(stored, grainState.ETag, grainId);
        var next = (stored ?? 0) + 1;
        var payload = serializer.Serialize(grainState.State);
        OwnerOnly.CreateFolder(Path.GetDirectoryName(path)!);
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await using (var file = new FileStream(temp, OwnerOnly.NewFile(FileOptions.WriteThrough)))
        {
            await file.WriteAsync(BitConverter.GetBytes(next));
            await file.WriteAsync(payload.ToMemory());
            file.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
        grainState.ETag = next.ToString(System.Globalization.CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        CheckETag(await StoredVersion(path), grainState.ETag, grainId);
        File.Delete(path);
        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private static void CheckETag(long? stored, string? etag, GrainId grainId)
    {
        var expected = etag is null ? (long?)null : long.Parse(etag, System.Globalization.CultureInfo.InvariantCulture);
        if (stored != expected)
            throw new InconsistentStateException($"Version conflict for {grainId}: stored {stored}, expected {expected}.", stored?.ToString(), etag);
    }

    private static async Task<long?> StoredVersion(string path)
    {
        if (!File.Exists(path)) return null;
        await using var file = File.OpenRead(path);
        var buffer = new byte[sizeof(long)];
        await file.ReadExactlyAsync(buffer);
        return BitConverter.ToInt64(buffer);
    }

    // Grain ids may hold any characters; a hash keeps file names safe and short.
    private string PathOf(string stateName, GrainId grainId)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(grainId.ToString())));
        return Path.Combine(root, grainId.Type.ToString()!, stateName, hash[..2], hash + ".bin");
    }
}

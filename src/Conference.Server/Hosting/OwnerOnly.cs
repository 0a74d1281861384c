namespace Conference.Server.Hosting;

/// <summary>
/// The data folder holds password hashes, attachments and the signing key: every folder and file the server
/// creates in it is its owner's only (0700 / 0600), whatever the process umask (often 022) would give.
/// </summary>
public static class OwnerOnly
{
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates the folder (and missing parents) owner-only; an existing data root is tightened too.</summary>
    public static void CreateFolder(string path)
    {
        if (OperatingSystem.IsWindows() || Directory.Exists(path))
        {
            Directory.CreateDirectory(path);
            return;
        }
        // Parents first: Directory.CreateDirectory(path, mode) gives only the last level that mode.
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } parent) CreateFolder(parent);
        Directory.CreateDirectory(path, FolderMode);
    }

    /// <summary>The data folder itself: created owner-only, or made so if an older version left it open.</summary>
    public static void SecureRoot(string path)
    {
        CreateFolder(path);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, FolderMode);
    }

    /// <summary>Options for a new file: owner read/write only from the moment it exists.</summary>
    public static FileStreamOptions NewFile(FileOptions options = FileOptions.None, bool useAsync = false) => new()
    {
        Mode = System.IO.FileMode.CreateNew,
        Access = FileAccess.Write,
        Share = FileShare.None,
        Options = options | (useAsync ? FileOptions.Asynchronous : FileOptions.None),
        UnixCreateMode = OperatingSystem.IsWindows() ? null : FileMode,
    };

    public static async Task WriteAllBytes(string path, byte[] bytes)
    {
        await using var file = new FileStream(path, NewFile(useAsync: true));
        await file.WriteAsync(bytes);
    }

    /// <summary>Copies into a new owner-only file (File.Copy would keep the source's mode).</summary>
    public static async Task Copy(string source, string target)
    {
        var temp = target + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await using (var from = new FileStream(source, System.IO.FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true))
        await using (var to = new FileStream(temp, NewFile(useAsync: true)))
            await from.CopyToAsync(to);
        File.Move(temp, target, overwrite: true);
    }
}

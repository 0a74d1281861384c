using System.Diagnostics;
using System.Net.Sockets;

namespace Conference.Server.Tests.Support;

/// <summary>
/// A real S3-compatible server (npm s3rver, from tests/interop: tests/run.sh runs <c>npm ci</c> there) on a free
/// loopback port with a throwaway folder and one bucket. Its keys are S3RVER/S3RVER; it does not check signatures,
/// so it is no place to test authentication. Stopped by its process id.
/// </summary>
public sealed class S3rverServer(string bucket = "attachments") : IAsyncLifetime
{
    public const string Key = "S3RVER";

    private readonly string _root = TempFolder.Create("conference-s3rver");
    private Process? _process;

    public static string? Executable { get; } = Find();

    public const string SkipReason = "s3rver is not installed: run `npm ci` in tests/interop (tests/run.sh does).";

    public string Bucket => bucket;

    /// <summary>The bytes of object <paramref name="key"/> of the bucket, as s3rver keeps it (the file <c>{key}._S3rver_object</c>).</summary>
    public string ObjectFile(string key) => Path.Combine(_root, Bucket, key + "._S3rver_object");

    /// <summary>The names of the complete objects directly under <paramref name="folder"/> of the bucket (s3rver writes an object's metadata file after its bytes).</summary>
    public List<string> Objects(string folder)
    {
        const string metadata = "._S3rver_metadata.json";
        var path = Path.Combine(_root, Bucket, folder);
        return Directory.Exists(path) ? Directory.GetFiles(path, "*" + metadata).Select(f => Path.GetFileName(f)[..^metadata.Length]).ToList() : [];
    }

    public int Port { get; } = FreePorts.Tcp();
    public string Endpoint => $"127.0.0.1:{Port}";

    public async Task InitializeAsync()
    {
        if (Executable is null) return;
        var start = new ProcessStartInfo(Executable) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-d", _root, "-a", "127.0.0.1", "-p", Port.ToString(), "--configure-bucket", Bucket, "--silent" })
            start.ArgumentList.Add(argument);
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"s3rver exited with {_process.ExitCode}.");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    private static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var interop = Path.Combine(dir.FullName, "tests", "interop");
            if (!File.Exists(Path.Combine(interop, "package.json"))) continue;
            var executable = Path.Combine(interop, "node_modules", ".bin", "s3rver");
            return File.Exists(executable) ? executable : null;
        }
        return null;
    }
}

/// <summary>A fact that needs s3rver; skipped, saying why, when tests/interop has not been installed.</summary>
public sealed class S3rverFactAttribute : FactAttribute
{
    public S3rverFactAttribute()
    {
        if (S3rverServer.Executable is null) Skip = S3rverServer.SkipReason;
    }
}

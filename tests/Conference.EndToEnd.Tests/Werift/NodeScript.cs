using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Conference.EndToEnd.Tests.Werift;

/// <summary>
/// A node script in tests/interop run as a child process and driven over JSON lines: commands on stdin, one event
/// object per stdout line (into <see cref="Events"/>), stderr kept for failure messages. Closing stdin asks the script
/// to close its connections and exit; one that does not within 5 s is killed with its process tree.
/// </summary>
public sealed class NodeScript : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly Task _stdoutPump;

    private NodeScript(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (_stderr) _stderr.AppendLine(e.Data);
        };
        _process.BeginErrorReadLine();
        _stdoutPump = Task.Run(PumpStdoutAsync);
    }

    /// <summary>Starts <c>node &lt;arguments&gt;</c> in tests/interop.</summary>
    public static NodeScript Start(params string[] arguments)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = RepositoryPaths.InteropFolder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        return new NodeScript(Process.Start(start) ?? throw new InvalidOperationException("node did not start"));
    }

    public JsonEventLog Events { get; } = new();

    public int ProcessId => _process.Id;

    public string Diagnostics
    {
        get
        {
            lock (_stderr) return _stderr.Length == 0 ? "(the script wrote nothing to stderr)" : _stderr.ToString();
        }
    }

    /// <summary>Errors the script reported (a failed command, a bad line); empty when all went well.</summary>
    public IReadOnlyList<string> Errors =>
        Events.Snapshot().Where(e => Type(e) == "error").Select(e => e.GetProperty("message").GetString() ?? "").ToArray();

    public static string? Type(JsonElement e) =>
        e.TryGetProperty("type", out var type) ? type.GetString() : null;

    public async Task SendAsync(JsonObject command)
    {
        await _process.StandardInput.WriteLineAsync(command.ToJsonString());
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>The next event of <paramref name="type"/>; an "error" event first fails with its message and the script's stderr.</summary>
    public async Task<JsonElement> ExpectAsync(string type, TimeSpan timeout, string what)
    {
        var seen = await Events.WaitForAsync(e => Type(e) == type || Type(e) == "error", timeout, what);
        if (Type(seen) == "error") throw new InvalidOperationException($"node: {seen.GetProperty("message")}\n{Diagnostics}");
        return seen;
    }

    private async Task PumpStdoutAsync()
    {
        try
        {
            while (await _process.StandardOutput.ReadLineAsync() is { } line)
            {
                if (line.Length == 0) continue;
                try
                {
                    Events.Add(JsonDocument.Parse(line).RootElement.Clone());
                }
                catch (JsonException)
                {
                    lock (_stderr) _stderr.AppendLine("stdout (not JSON): " + line);
                }
            }
        }
        finally
        {
            Events.Complete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.Close();
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                try
                {
                    await _process.WaitForExitAsync(grace.Token);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync();
                }
            }
            await _stdoutPump;
        }
        finally
        {
            _process.Dispose();
        }
    }
}

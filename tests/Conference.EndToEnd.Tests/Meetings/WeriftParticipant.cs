using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Conference.EndToEnd.Tests.Werift;

namespace Conference.EndToEnd.Tests.Meetings;

/// <summary>
/// A meeting participant on werift (tests/interop/meeting-client.mjs in a node child process): joins through the
/// hub, publishes (relaying the first camera and microphone it receives), subscribes. Driven by JSON lines;
/// stopped by its PID.
/// </summary>
public sealed class WeriftParticipant : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly Task _stdoutPump;

    private WeriftParticipant(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null) lock (_stderr) _stderr.AppendLine(e.Data);
        };
        _process.BeginErrorReadLine();
        _stdoutPump = Task.Run(PumpAsync);
    }

    public JsonEventLog Events { get; } = new();
    public string ParticipantId { get; private set; } = "";

    public string Diagnostics
    {
        get { lock (_stderr) return _stderr.Length == 0 ? "(nothing on stderr)" : _stderr.ToString(); }
    }

    public static WeriftParticipant Start()
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = RepositoryPaths.InteropFolder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Node 20 has a global WebSocket only behind this flag.
        foreach (string arg in new[] { "--experimental-websocket", "--no-warnings", "meeting-client.mjs" }) start.ArgumentList.Add(arg);
        return new WeriftParticipant(Process.Start(start) ?? throw new InvalidOperationException("node did not start"));
    }

    public async Task JoinAsync(string hubUrl, ServerUser user, string roomId, TimeSpan timeout)
    {
        await SendAsync(new JsonObject { ["cmd"] = "join", ["hubUrl"] = hubUrl, ["token"] = user.AccessToken, ["roomId"] = roomId });
        var joined = await Events.WaitForAsync(e => Type(e) is "joined" or "error", timeout, "werift to join");
        if (Type(joined) == "error") throw new InvalidOperationException($"werift: {joined.GetProperty("message")}\n{Diagnostics}");
        ParticipantId = joined.GetProperty("participantId").GetString()!;
    }

    public Task SendTextAsync(string label, string text) =>
        SendAsync(new JsonObject { ["cmd"] = "dcSend", ["label"] = label, ["text"] = text });

    public Task SendBinaryAsync(string label, byte[] data) =>
        SendAsync(new JsonObject { ["cmd"] = "dcSend", ["label"] = label, ["binary"] = Convert.ToBase64String(data) });

    /// <summary>Waits for a stats event where the subscriber section of that sender and kind received more than <paramref name="packets"/>.</summary>
    public Task<JsonElement> WaitForPacketsAsync(string senderParticipantId, string kind, long packets, TimeSpan timeout) =>
        Events.WaitForAsync(e => Type(e) == "stats" && e.GetProperty("tracks").EnumerateArray().Any(t =>
                t.GetProperty("participantId").GetString() == senderParticipantId && t.GetProperty("kind").GetString() == kind
                && t.GetProperty("packets").GetInt64() > packets),
            timeout, $"werift to receive over {packets} {kind} packets from {senderParticipantId}");

    public IReadOnlyList<string> Errors =>
        Events.Snapshot().Where(e => Type(e) == "error").Select(e => e.GetProperty("message").GetString() ?? "").ToArray();

    public static string? Type(JsonElement e) => e.TryGetProperty("type", out var type) ? type.GetString() : null;

    private async Task SendAsync(JsonObject command)
    {
        await _process.StandardInput.WriteLineAsync(command.ToJsonString());
        await _process.StandardInput.FlushAsync();
    }

    private async Task PumpAsync()
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
                _process.StandardInput.Close(); // the script closes its connections and exits
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

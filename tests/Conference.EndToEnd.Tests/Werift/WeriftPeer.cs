using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Conference.EndToEnd.Tests.Werift;

/// <summary>
/// A werift 0.25.2 offerer (or answerer) in a node child process (tests/interop/werift-peer.mjs), driven over JSON lines.
/// Stopped by its PID on dispose; its stderr is kept for failure messages.
/// </summary>
public sealed class WeriftPeer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly Task _stdoutPump;

    private WeriftPeer(Process process)
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

    public JsonEventLog Events { get; } = new();
    public int ProcessId => _process.Id;

    public string Diagnostics
    {
        get
        {
            lock (_stderr) return _stderr.Length == 0 ? "(werift wrote nothing to stderr)" : _stderr.ToString();
        }
    }

    /// <param name="answering">werift waits for our offer (<see cref="AnswerAsync"/>) instead of offering.</param>
    /// <param name="sendOnly">As offerer, its audio and video transceivers are sendonly (like an SFU's subscriber offer).</param>
    public static WeriftPeer Start(bool answering = false, bool sendOnly = false)
    {
        var start = new ProcessStartInfo("node", answering ? "werift-peer.mjs answer" : sendOnly ? "werift-peer.mjs sendonly" : "werift-peer.mjs")
        {
            WorkingDirectory = RepositoryPaths.InteropFolder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        return new WeriftPeer(process);
    }

    public async Task<string> WaitForOfferAsync(TimeSpan timeout)
    {
        var offer = await Events.WaitForAsync(e => Type(e) is "offer" or "error", timeout, "werift's offer");
        if (Type(offer) == "error") throw new InvalidOperationException($"werift: {offer.GetProperty("message")}\n{Diagnostics}");
        return offer.GetProperty("sdp").GetString()!;
    }

    /// <summary>Answerer mode: hands werift our offer and returns its answer.</summary>
    public async Task<string> AnswerAsync(string offerSdp, TimeSpan timeout)
    {
        await SendAsync(new JsonObject { ["cmd"] = "offer", ["sdp"] = offerSdp });
        var answer = await Events.WaitForAsync(e => Type(e) is "answer" or "error", timeout, "werift's answer");
        if (Type(answer) == "error") throw new InvalidOperationException($"werift: {answer.GetProperty("message")}\n{Diagnostics}");
        return answer.GetProperty("sdp").GetString()!;
    }

    /// <summary>Renegotiation: werift adds a sendonly <paramref name="kind"/> track (RTP to it via <see cref="SendRtpAsync"/> with
    /// <paramref name="name"/> as kind) and returns its new offer, the <paramref name="offerNumber"/>-th it printed.</summary>
    public async Task<string> AddTrackAsync(string kind, string name, int offerNumber, TimeSpan timeout)
    {
        await SendAsync(new JsonObject { ["cmd"] = "addTrack", ["kind"] = kind, ["name"] = name });
        var offers = await Events.WaitForCountAsync(e => Type(e) == "offer", offerNumber, timeout, $"werift's offer #{offerNumber}");
        return offers[offerNumber - 1].GetProperty("sdp").GetString()!;
    }

    public Task SetAnswerAsync(string sdp) => SendAsync(new JsonObject { ["cmd"] = "answer", ["sdp"] = sdp });

    public Task SendRtpAsync(string kind, ushort sequenceNumber, uint timestamp, bool marker, byte[] payload) =>
        SendAsync(new JsonObject
        {
            ["cmd"] = "sendRtp",
            ["kind"] = kind,
            ["seq"] = sequenceNumber,
            ["ts"] = timestamp,
            ["marker"] = marker,
            ["payload"] = Convert.ToBase64String(payload),
        });

    public Task SendTextAsync(string label, string text) =>
        SendAsync(new JsonObject { ["cmd"] = "dcSend", ["label"] = label, ["text"] = text });

    public Task SendBinaryAsync(string label, byte[] data) =>
        SendAsync(new JsonObject { ["cmd"] = "dcSend", ["label"] = label, ["binary"] = Convert.ToBase64String(data) });

    public static string? Type(JsonElement e) =>
        e.TryGetProperty("type", out var type) ? type.GetString() : null;

    /// <summary>Errors werift reported (a failed command, a bad line); empty when all went well.</summary>
    public IReadOnlyList<string> Errors =>
        Events.Snapshot().Where(e => Type(e) == "error").Select(e => e.GetProperty("message").GetString() ?? "").ToArray();

    private async Task SendAsync(JsonObject command)
    {
        await _process.StandardInput.WriteLineAsync(command.ToJsonString());
        await _process.StandardInput.FlushAsync();
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
                // Closing stdin asks the script to close its peer connection and exit.
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

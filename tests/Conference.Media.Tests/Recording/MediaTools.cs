using System.Diagnostics;
using System.Text.Json;

namespace Conference.Media.Tests.Recording;

/// <summary>Debian's ffmpeg/ffprobe (tests/run.sh installs them): real encoders for test input, a real demuxer/decoder to check our files.</summary>
internal static class MediaTools
{
    public static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(180)); // ffmpeg took over 60 s at load 50
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    public static async Task EncodeAsync(params string[] args)
    {
        var (exit, _, stderr) = await RunAsync("ffmpeg", ["-v", "error", "-y", .. args]);
        Assert.True(exit == 0, $"ffmpeg failed: {stderr}");
    }

    /// <summary>ffprobe's view of a file: format duration and each stream's codec and size.</summary>
    public static async Task<ProbeResult> ProbeAsync(string file)
    {
        var (exit, stdout, stderr) = await RunAsync("ffprobe", "-v", "error", "-show_entries",
            "format=duration,format_name:stream=codec_type,codec_name,width,height", "-of", "json", file);
        Assert.True(exit == 0, $"ffprobe failed: {stderr}");
        using var json = JsonDocument.Parse(stdout);
        var format = json.RootElement.GetProperty("format");
        var streams = json.RootElement.GetProperty("streams").EnumerateArray().Select(s => new ProbeStream(
            s.GetProperty("codec_type").GetString()!, s.GetProperty("codec_name").GetString()!,
            s.TryGetProperty("width", out var w) ? w.GetInt32() : 0, s.TryGetProperty("height", out var h) ? h.GetInt32() : 0)).ToList();
        return new ProbeResult(double.Parse(format.GetProperty("duration").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
            format.GetProperty("format_name").GetString()!, streams);
    }

    /// <summary>
    /// Decodes the whole file (optionally from a seek point); returns ffmpeg's error output, empty when clean. Frames
    /// keep their own timestamps (-fps_mode passthrough): a real camera's variable frame rate would otherwise be
    /// forced onto ffmpeg's guessed constant rate, and two frames in one tick of it make the null muxer complain.
    /// </summary>
    public static async Task<string> DecodeErrorsAsync(string file, double? seekSeconds = null)
    {
        string[] seek = seekSeconds is { } s ? ["-ss", s.ToString(System.Globalization.CultureInfo.InvariantCulture)] : [];
        var (exit, _, stderr) = await RunAsync("ffmpeg", ["-v", "error", .. seek, "-i", file, "-fps_mode", "passthrough", "-f", "null", "-"]);
        return exit == 0 ? stderr.Trim() : $"exit {exit}: {stderr}";
    }
}

internal sealed record ProbeStream(string Type, string Codec, int Width, int Height);

internal sealed record ProbeResult(double Duration, string FormatName, IReadOnlyList<ProbeStream> Streams);

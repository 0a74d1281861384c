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

    /// <summary>ffprobe's view of a file: format duration (NaN when the header has none) and each stream's codec and size.</summary>
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
        return new ProbeResult(format.TryGetProperty("duration", out var duration)
                ? double.Parse(duration.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : double.NaN,
            format.GetProperty("format_name").GetString()!, streams);
    }

    /// <summary>When the last packet starts, in seconds: how long a file is even when its header has no Duration (a salvaged prefix).</summary>
    public static async Task<double> LastPacketSecondsAsync(string file)
    {
        var (exit, stdout, stderr) = await RunAsync("ffprobe", "-v", "error", "-show_entries", "packet=pts_time", "-of", "csv=p=0", file);
        Assert.True(exit == 0, $"ffprobe failed: {stderr}");
        return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => double.Parse(line.TrimEnd(','), System.Globalization.CultureInfo.InvariantCulture)).Max();
    }

    /// <summary>Whether the file's first packet is a keyframe (ffprobe's packet flags begin with K).</summary>
    public static async Task<bool> StartsWithKeyframeAsync(string file)
    {
        var (exit, stdout, stderr) = await RunAsync("ffprobe", "-v", "error", "-read_intervals", "%+#1", "-show_entries", "packet=flags", "-of", "csv=p=0", file);
        Assert.True(exit == 0, $"ffprobe failed: {stderr}");
        return stdout.TrimStart().StartsWith('K');
    }

    /// <summary>
    /// Decodes the whole file (optionally from a seek point); returns ffmpeg's error output, empty when clean. Frames
    /// keep their own timestamps in the file's time base (-fps_mode passthrough -enc_time_base -1): a real camera's
    /// variable frame rate would otherwise be put on ffmpeg's guessed constant rate (1/20 s ticks for a 15 fps
    /// camera), and two frames in one tick make the null muxer complain of non-monotonic timestamps.
    /// </summary>
    public static async Task<string> DecodeErrorsAsync(string file, double? seekSeconds = null)
    {
        string[] seek = seekSeconds is { } s ? ["-ss", s.ToString(System.Globalization.CultureInfo.InvariantCulture)] : [];
        var (exit, _, stderr) = await RunAsync("ffmpeg", ["-v", "error", .. seek, "-i", file, "-fps_mode", "passthrough", "-enc_time_base", "-1", "-f", "null", "-"]);
        return exit == 0 ? stderr.Trim() : $"exit {exit}: {stderr}";
    }
}

internal sealed record ProbeStream(string Type, string Codec, int Width, int Height);

internal sealed record ProbeResult(double Duration, string FormatName, IReadOnlyList<ProbeStream> Streams);

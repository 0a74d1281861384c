using System.Diagnostics;

namespace Conference.SfuLoad.Media;

/// <summary>What each publisher sends: Opus every 20 ms at an audio bitrate, VP8 frames at a video bitrate and frame rate.</summary>
public sealed record MediaProfile(int AudioBitsPerSecond, int VideoBitsPerSecond, int FramesPerSecond, TimeSpan KeyframeInterval)
{
    /// <summary>RTP packets stay within 1200 bytes (the usual WebRTC budget under a 1280-byte path MTU).</summary>
    public const int MaxRtpPacket = 1200;
    public const int RtpHeaderLength = 12;
    public static readonly long AudioInterval = Stopwatch.Frequency / 50; // 20 ms Opus frames

    public long VideoInterval => Stopwatch.Frequency / FramesPerSecond;

    public int AudioPayloadBytes => AudioBitsPerSecond / 8 / 50;

    public int VideoFrameBytes => VideoBitsPerSecond / 8 / FramesPerSecond;

    public int VideoPacketsPerFrame => (VideoFrameBytes + MaxRtpPacket - RtpHeaderLength - 1) / (MaxRtpPacket - RtpHeaderLength);

    /// <summary>Packets one publisher sends per second (audio + video).</summary>
    public double PacketsPerSecond => 50 + FramesPerSecond * VideoPacketsPerFrame;

    public override string ToString() =>
        $"Opus {AudioBitsPerSecond / 1000} kbit/s (20 ms), VP8 {VideoBitsPerSecond / 1000} kbit/s at {FramesPerSecond} fps " +
        $"({VideoPacketsPerFrame} packets/frame, keyframe every {KeyframeInterval.TotalSeconds:0.#} s)";
}

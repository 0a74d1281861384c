namespace Conference.Media.Sfu;

/// <summary>Video payload formats whose keyframes <see cref="KeyframeDetector"/> can recognise.</summary>
public enum VideoCodec
{
    Unknown,
    Vp8,
    Vp9,
    H264,
}

public static class VideoCodecNames
{
    /// <summary>From the SDP encoding name (a=rtpmap), case-insensitively (RFC 8866 §6.6).</summary>
    public static VideoCodec Parse(string encodingName) => encodingName.ToUpperInvariant() switch
    {
        "VP8" => VideoCodec.Vp8,
        "VP9" => VideoCodec.Vp9,
        "H264" => VideoCodec.H264,
        _ => VideoCodec.Unknown,
    };
}

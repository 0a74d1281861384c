namespace Conference.Media.Recording;

/// <summary>What a recorded track carries; the file keeps the publisher's encoding (no transcoding).</summary>
public enum RecordingCodec
{
    Opus,
    Vp8,
    Vp9,
    H264,
}

/// <summary>The RTP format of one recorded track: its codec, RTP clock rate and (audio) channel count.</summary>
public sealed record RecordingTrackFormat(RecordingCodec Codec, int ClockRate, int Channels = 2)
{
    public bool IsVideo => Codec is RecordingCodec.Vp8 or RecordingCodec.Vp9 or RecordingCodec.H264;

    /// <summary>WebM holds Opus, VP8 and VP9; H.264 goes into Matroska proper (.mkv).</summary>
    public bool IsWebm => Codec != RecordingCodec.H264;

    public string FileExtension => IsWebm ? ".webm" : ".mkv";

    /// <summary>From the SDP encoding name (a=rtpmap); null for codecs we do not record (e.g. AV1 for now).</summary>
    public static RecordingTrackFormat? FromEncodingName(string name, int clockRate, int channels) => name.ToUpperInvariant() switch
    {
        "OPUS" => new RecordingTrackFormat(RecordingCodec.Opus, clockRate, channels > 0 ? channels : 2),
        "VP8" => new RecordingTrackFormat(RecordingCodec.Vp8, clockRate),
        "VP9" => new RecordingTrackFormat(RecordingCodec.Vp9, clockRate),
        "H264" => new RecordingTrackFormat(RecordingCodec.H264, clockRate),
        _ => null,
    };
}

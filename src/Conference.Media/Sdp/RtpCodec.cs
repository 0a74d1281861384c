namespace Conference.Media.Sdp;

/// <summary>
/// One RTP payload format as negotiated: payload type, encoding, clock rate, channels, fmtp parameters
/// and the rtcp-fb kinds ("nack", "nack pli", "ccm fir", "goog-remb", "transport-cc").
/// </summary>
public sealed class RtpCodec
{
    public RtpCodec(int payloadType, string name, uint clockRate, int? channels = null)
    {
        PayloadType = payloadType;
        Name = name;
        ClockRate = clockRate;
        Channels = channels;
    }

    public int PayloadType { get; set; }
    public string Name { get; set; }
    public uint ClockRate { get; set; }
    public int? Channels { get; set; }

    /// <summary>fmtp parameters; keys are case-insensitive (RFC 8866 §6.15 leaves it to the format, and codecs treat them so).
    /// A token without "=" (telephone-event "0-16", audio RED "111/111") is a key with a null value.</summary>
    public Dictionary<string, string?> Parameters { get; } = new(StringComparer.OrdinalIgnoreCase);

    public List<string> Feedback { get; } = [];

    public bool IsRtx => Name.Equals("rtx", StringComparison.OrdinalIgnoreCase);
    public bool IsRed => Name.Equals("red", StringComparison.OrdinalIgnoreCase);
    public bool IsUlpfec => Name.Equals("ulpfec", StringComparison.OrdinalIgnoreCase);

    /// <summary>RTX (RFC 4588 §8.1): the payload type this retransmission format repairs.</summary>
    public int? AssociatedPayloadType => SdpText.TryParseInt(GetParameter("apt"), 0, 127, out int apt) ? apt : null;

    public string? GetParameter(string key) => Parameters.TryGetValue(key, out var value) ? value : null;

    /// <summary>The fmtp value as it would be written, or null when there are no parameters.</summary>
    public string? FormatParameters =>
        Parameters.Count == 0 ? null : string.Join(';', Parameters.Select(p => p.Value is null ? p.Key : $"{p.Key}={p.Value}"));

    public void SetFormatParameters(string fmtp)
    {
        Parameters.Clear();
        foreach (var part in fmtp.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = part.IndexOf('=');
            if (eq < 0) Parameters[part] = null;
            else Parameters[part.Substring(0, eq).Trim()] = part.Substring(eq + 1).Trim();
        }
    }

    public RtpCodec Clone(int? payloadType = null)
    {
        var copy = new RtpCodec(payloadType ?? PayloadType, Name, ClockRate, Channels);
        foreach (var (key, value) in Parameters) copy.Parameters[key] = value;
        copy.Feedback.AddRange(Feedback);
        return copy;
    }

    /// <summary>RFC 3551 §6 static payload types that may appear without an rtpmap line.</summary>
    internal static RtpMap? StaticPayloadType(int pt) => pt switch
    {
        0 => new RtpMap(0, "PCMU", 8000, null),
        8 => new RtpMap(8, "PCMA", 8000, null),
        9 => new RtpMap(9, "G722", 8000, null),
        13 => new RtpMap(13, "CN", 8000, null),
        _ => null,
    };

    public override string ToString() =>
        $"{PayloadType} {Name}/{ClockRate}{(Channels is { } c ? "/" + c : "")}{(FormatParameters is { } f ? " " + f : "")}";
}

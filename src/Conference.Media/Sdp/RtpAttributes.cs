namespace Conference.Media.Sdp;

/// <summary>a=rtpmap (RFC 8866 §6.6): payload type → encoding name / clock rate [/ channels].</summary>
public sealed record RtpMap(int PayloadType, string EncodingName, uint ClockRate, int? Channels)
{
    public static bool TryParse(string value, out RtpMap map)
    {
        map = null!;
        int space = value.IndexOf(' ');
        if (space < 0 || !SdpText.TryParseInt(value.AsSpan(0, space), 0, 127, out int pt)) return false;
        var parts = value.Substring(space + 1).Trim().Split('/');
        if (parts.Length is < 2 or > 3 || !SdpText.IsToken(parts[0]) || !SdpText.TryParseUInt(parts[1], out uint clock)) return false;
        int? channels = null;
        if (parts.Length == 3)
        {
            if (!SdpText.TryParseInt(parts[2], 1, 255, out int c)) return false;
            channels = c;
        }
        map = new RtpMap(pt, parts[0], clock, channels);
        return true;
    }

    public override string ToString() =>
        Channels is { } c ? $"{PayloadType} {EncodingName}/{ClockRate}/{c}" : $"{PayloadType} {EncodingName}/{ClockRate}";
}

/// <summary>a=fmtp (RFC 8866 §6.15): format-specific parameters, kept as written ("k=v;k=v" or codec-specific like "111/111").</summary>
public sealed record Fmtp(int PayloadType, string Parameters)
{
    public static bool TryParse(string value, out Fmtp fmtp)
    {
        fmtp = null!;
        int space = value.IndexOf(' ');
        if (space < 0 || !SdpText.TryParseInt(value.AsSpan(0, space), 0, 127, out int pt)) return false;
        var parameters = value.Substring(space + 1).Trim();
        if (parameters.Length == 0) return false;
        fmtp = new Fmtp(pt, parameters);
        return true;
    }

    public override string ToString() => $"{PayloadType} {Parameters}";
}

/// <summary>a=rtcp-fb (RFC 4585 §4.2): PayloadType null stands for "*" (all formats).</summary>
public sealed record RtcpFeedback(int? PayloadType, string Type, string? Parameter)
{
    public static bool TryParse(string value, out RtcpFeedback feedback)
    {
        feedback = null!;
        var t = SdpText.Tokens(value);
        if (t.Length < 2 || !SdpText.IsToken(t[1])) return false;
        int? pt = null;
        if (t[0] != "*")
        {
            if (!SdpText.TryParseInt(t[0], 0, 127, out int p)) return false;
            pt = p;
        }
        feedback = new RtcpFeedback(pt, t[1], t.Length > 2 ? string.Join(' ', t, 2, t.Length - 2) : null);
        return true;
    }

    /// <summary>Type and parameter only, as attached to a codec ("nack pli", "transport-cc").</summary>
    public string Kind => Parameter is null ? Type : $"{Type} {Parameter}";

    public override string ToString() => $"{(PayloadType is { } p ? SdpText.Format(p) : "*")} {Kind}";
}

/// <summary>a=extmap (RFC 8285 §5): id[/direction] URI [extension attributes].</summary>
public sealed record ExtMap(int Id, MediaDirection? Direction, string Uri, string? Attributes)
{
    public static bool TryParse(string value, out ExtMap extmap)
    {
        extmap = null!;
        var t = SdpText.Tokens(value);
        if (t.Length < 2) return false;
        var idPart = t[0];
        MediaDirection? direction = null;
        int slash = idPart.IndexOf('/');
        if (slash >= 0)
        {
            if (!MediaDirectionExtensions.TryParse(idPart.Substring(slash + 1), out var d)) return false;
            direction = d;
            idPart = idPart.Substring(0, slash);
        }
        // RFC 8285 §5: 1-14 for the one-byte form, up to 255 for two-byte; 4096-4351 are for answers remapping (§7).
        if (!SdpText.TryParseInt(idPart, 1, 4351, out int id) || id is > 255 and < 4096) return false;
        if (!SdpText.IsVisible(t[1])) return false;
        extmap = new ExtMap(id, direction, t[1], t.Length > 2 ? string.Join(' ', t, 2, t.Length - 2) : null);
        return true;
    }

    public override string ToString()
    {
        var id = Direction is { } d ? $"{Id}/{d.ToSdp()}" : SdpText.Format(Id);
        return Attributes is null ? $"{id} {Uri}" : $"{id} {Uri} {Attributes}";
    }
}

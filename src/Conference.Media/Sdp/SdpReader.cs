namespace Conference.Media.Sdp;

/// <summary>Line-by-line SDP parser (RFC 8866 §5): session section, then one section per m= line.</summary>
internal static class SdpReader
{
    private const int MaxLength = 1 << 20;
    private const string KnownTypes = "vosiuepcbtrzkam";

    public static bool TryRead(string? text, out SessionDescription description, out string error)
    {
        description = null!;
        if (string.IsNullOrEmpty(text)) { error = "empty SDP"; return false; }
        if (text.Length > MaxLength) { error = "SDP larger than 1 MiB"; return false; }

        var session = new SessionDescription();
        MediaDescription? media = null;
        bool sawVersion = false, sawOrigin = false, sawName = false, sawTiming = false;
        int lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.EndsWith('\r') ? rawLine[..^1] : rawLine;
            if (line.Length == 0) continue;
            if (line.Length < 2 || line[1] != '=' || !KnownTypes.Contains(line[0]))
            {
                error = $"line {lineNumber}: not a known '<type>=<value>' line"; // RFC 8866 §5: reject unknown types
                return false;
            }
            char type = line[0];
            string value = line.Substring(2);
            if (value.AsSpan().ContainsAny('\0', '\r')) { error = $"line {lineNumber}: control character"; return false; }

            if (!sawVersion)
            {
                if (type != 'v' || value != "0") { error = "SDP must start with v=0"; return false; }
                sawVersion = true;
                continue;
            }

            string? problem = null;
            switch (type)
            {
                case 'v':
                    problem = "duplicate v= line";
                    break;
                case 'o' when media is null:
                    if (sawOrigin || !SdpOrigin.TryParse(value, out var origin)) problem = "invalid or duplicate o= line";
                    else { session.Origin = origin; sawOrigin = true; }
                    break;
                case 's' when media is null:
                    if (sawName) problem = "duplicate s= line";
                    else { session.SessionName = value; sawName = true; }
                    break;
                case 't' when media is null:
                    if (!SdpTiming.TryParse(value, out var timing)) problem = "invalid t= line";
                    else { session.Timing = timing; sawTiming = true; }
                    break;
                case 'c':
                    if (!SdpConnection.TryParse(value, out var connection)) problem = "invalid c= line";
                    else if (media is null) session.Connection = connection;
                    else media.Connection = connection;
                    break;
                case 'm':
                    if (!sawOrigin || !sawName) { problem = "m= before o= and s="; break; }
                    problem = TryReadMediaLine(value, out media);
                    if (problem is null) session.Media.Add(media!);
                    break;
                case 'a':
                    problem = media is null ? SdpAttributeReader.ApplyToSession(session, value) : SdpAttributeReader.ApplyToMedia(media, value);
                    break;
                default:
                    if (type is 'o' or 's' or 't') { problem = $"{type}= inside a media section"; break; }
                    if (media is null) session.OtherLines.Add(new SdpLine(type, value));
                    else media.OtherLines.Add(new SdpLine(type, value));
                    break;
            }
            if (problem is not null)
            {
                error = $"line {lineNumber}: {problem}";
                return false;
            }
        }

        if (!sawVersion || !sawOrigin || !sawName)
        {
            error = "missing v=, o= or s= line";
            return false;
        }
        _ = sawTiming; // t= is required by RFC 8866 but absent from some hand-written SDP; "0 0" is assumed.
        description = session;
        error = string.Empty;
        return true;
    }

    /// <summary>m=&lt;media&gt; &lt;port&gt;[/&lt;number of ports&gt;] &lt;proto&gt; &lt;fmt&gt; … (RFC 8866 §5.14).</summary>
    private static string? TryReadMediaLine(string value, out MediaDescription? media)
    {
        media = null;
        var t = SdpText.Tokens(value);
        if (t.Length < 4) return "m= line needs media, port, protocol and at least one format";
        if (!SdpText.IsToken(t[0])) return "invalid media type";
        var portText = t[1];
        int? count = null;
        int slash = portText.IndexOf('/');
        if (slash >= 0)
        {
            if (!SdpText.TryParseInt(portText.AsSpan(slash + 1), 1, 65535, out int c)) return "invalid port count";
            count = c;
            portText = portText.Substring(0, slash);
        }
        if (!SdpText.TryParseInt(portText, 0, 65535, out int port)) return "invalid port";
        if (!SdpText.IsVisible(t[2])) return "invalid protocol";
        media = new MediaDescription { Kind = t[0], Port = port, PortCount = count, Protocol = t[2] };
        for (int i = 3; i < t.Length; i++)
        {
            if (!SdpText.IsVisible(t[i])) return "invalid format";
            media.Formats.Add(t[i]);
        }
        return null;
    }
}

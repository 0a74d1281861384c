using System.Text;

namespace Conference.Media.Sdp;

/// <summary>
/// Writes SDP with CRLF line endings in RFC 8866 §5 line order, attributes in the order Chromium uses
/// (per payload type: rtpmap, rtcp-fb, fmtp). Unknown attributes follow the modelled ones.
/// </summary>
internal static class SdpWriter
{
    public static string Write(SessionDescription s)
    {
        var sb = new StringBuilder(4096);
        Line(sb, 'v', "0");
        Line(sb, 'o', s.Origin.ToString());
        Line(sb, 's', s.SessionName.Length == 0 ? "-" : s.SessionName); // RFC 8866 §5.3: never empty
        OtherLines(sb, s.OtherLines, "iuep");
        if (s.Connection is not null) Line(sb, 'c', s.Connection.ToString());
        OtherLines(sb, s.OtherLines, "b");
        Line(sb, 't', s.Timing.ToString());
        OtherLines(sb, s.OtherLines, "rzk");

        foreach (var group in s.Groups) Attribute(sb, "group", group.ToString());
        if (s.IceLite) Attribute(sb, "ice-lite");
        if (s.IceOptions.Count > 0) Attribute(sb, "ice-options", string.Join(' ', s.IceOptions));
        if (s.IceUfrag is not null) Attribute(sb, "ice-ufrag", s.IceUfrag);
        if (s.IcePwd is not null) Attribute(sb, "ice-pwd", s.IcePwd);
        foreach (var fp in s.Fingerprints) Attribute(sb, "fingerprint", fp.ToString());
        if (s.Setup is { } setup) Attribute(sb, "setup", setup.ToSdp());
        if (s.ExtMapAllowMixed) Attribute(sb, "extmap-allow-mixed");
        if (s.MsidSemantic is not null) Attribute(sb, "msid-semantic", s.MsidSemantic.ToString());
        foreach (var ext in s.ExtMaps) Attribute(sb, "extmap", ext.ToString());
        foreach (var a in s.OtherAttributes) Attribute(sb, a.Name, a.Value);

        foreach (var m in s.Media) WriteMedia(sb, m);
        return sb.ToString();
    }

    private static void WriteMedia(StringBuilder sb, MediaDescription m)
    {
        var port = m.PortCount is { } count ? $"{m.Port}/{count}" : SdpText.Format(m.Port);
        Line(sb, 'm', $"{m.Kind} {port} {m.Protocol} {string.Join(' ', m.Formats)}");
        OtherLines(sb, m.OtherLines, "i");
        if (m.Connection is not null) Line(sb, 'c', m.Connection.ToString());
        OtherLines(sb, m.OtherLines, "bk");

        if (m.IceUfrag is not null) Attribute(sb, "ice-ufrag", m.IceUfrag);
        if (m.IcePwd is not null) Attribute(sb, "ice-pwd", m.IcePwd);
        if (m.IceOptions.Count > 0) Attribute(sb, "ice-options", string.Join(' ', m.IceOptions));
        foreach (var fp in m.Fingerprints) Attribute(sb, "fingerprint", fp.ToString());
        if (m.Setup is { } setup) Attribute(sb, "setup", setup.ToSdp());
        if (m.Mid is not null) Attribute(sb, "mid", m.Mid);
        foreach (var ext in m.ExtMaps) Attribute(sb, "extmap", ext.ToString());
        if (m.ExtMapAllowMixed) Attribute(sb, "extmap-allow-mixed");
        if (m.Direction is { } direction) Attribute(sb, direction.ToSdp());
        foreach (var msid in m.Msids) Attribute(sb, "msid", msid.ToString());
        if (m.RtcpMux) Attribute(sb, "rtcp-mux");
        if (m.RtcpReducedSize) Attribute(sb, "rtcp-rsize");

        WritePayloadTypes(sb, m);

        foreach (var group in m.SsrcGroups) Attribute(sb, "ssrc-group", group.ToString());
        foreach (var ssrc in m.Ssrcs) Attribute(sb, "ssrc", ssrc.ToString());
        foreach (var rid in m.Rids) Attribute(sb, "rid", rid.ToString());
        if (m.Simulcast is not null) Attribute(sb, "simulcast", m.Simulcast.ToString());
        if (m.SctpPort is { } sctpPort) Attribute(sb, "sctp-port", SdpText.Format(sctpPort));
        if (m.MaxMessageSize is { } maxSize) Attribute(sb, "max-message-size", SdpText.Format(maxSize));
        foreach (var candidate in m.Candidates) Attribute(sb, "candidate", candidate.ToAttributeValue());
        if (m.EndOfCandidates) Attribute(sb, "end-of-candidates");
        foreach (var a in m.OtherAttributes) Attribute(sb, a.Name, a.Value);
    }

    private static void WritePayloadTypes(StringBuilder sb, MediaDescription m)
    {
        foreach (var fb in m.RtcpFeedbacks)
        {
            if (fb.PayloadType is null) Attribute(sb, "rtcp-fb", fb.ToString());
        }
        var written = new HashSet<int>();
        foreach (var format in m.Formats)
        {
            if (SdpText.TryParseInt(format, 0, 127, out int pt) && written.Add(pt)) WritePayloadType(sb, m, pt);
        }
        // Lines for payload types missing from the m= line: keep them rather than lose them.
        foreach (var map in m.RtpMaps)
        {
            if (written.Add(map.PayloadType)) WritePayloadType(sb, m, map.PayloadType);
        }
        foreach (var fmtp in m.Fmtps)
        {
            if (written.Add(fmtp.PayloadType)) WritePayloadType(sb, m, fmtp.PayloadType);
        }
        foreach (var fb in m.RtcpFeedbacks)
        {
            if (fb.PayloadType is { } pt && written.Add(pt)) WritePayloadType(sb, m, pt);
        }
    }

    private static void WritePayloadType(StringBuilder sb, MediaDescription m, int pt)
    {
        foreach (var map in m.RtpMaps)
        {
            if (map.PayloadType == pt) Attribute(sb, "rtpmap", map.ToString());
        }
        foreach (var fb in m.RtcpFeedbacks)
        {
            if (fb.PayloadType == pt) Attribute(sb, "rtcp-fb", fb.ToString());
        }
        foreach (var fmtp in m.Fmtps)
        {
            if (fmtp.PayloadType == pt) Attribute(sb, "fmtp", fmtp.ToString());
        }
    }

    private static void OtherLines(StringBuilder sb, List<SdpLine> lines, string types)
    {
        foreach (var line in lines)
        {
            if (types.Contains(line.Type)) Line(sb, line.Type, line.Value);
        }
    }

    private static void Line(StringBuilder sb, char type, string value) => sb.Append(type).Append('=').Append(value).Append("\r\n");

    private static void Attribute(StringBuilder sb, string name, string? value = null)
    {
        sb.Append("a=").Append(name);
        if (value is not null) sb.Append(':').Append(value);
        sb.Append("\r\n");
    }
}

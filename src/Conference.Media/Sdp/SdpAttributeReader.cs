namespace Conference.Media.Sdp;

/// <summary>
/// Maps a=name[:value] lines onto the model. A malformed known attribute fails the parse (it would
/// otherwise silently change the negotiation); an unknown attribute is kept verbatim (RFC 8866 §5.13).
/// </summary>
internal static class SdpAttributeReader
{
    public static string? ApplyToSession(SessionDescription s, string line)
    {
        Split(line, out var name, out var value);
        if (!SdpText.IsToken(name)) return "invalid attribute name";
        switch (name)
        {
            case "group":
                if (value is null || !SdpGroup.TryParse(value, out var group)) return "invalid a=group";
                s.Groups.Add(group);
                return null;
            case "ice-lite":
                s.IceLite = true;
                return null;
            case "msid-semantic":
                if (value is null || !MsidSemantic.TryParse(value, out var semantic)) return "invalid a=msid-semantic";
                s.MsidSemantic = semantic;
                return null;
            case "extmap-allow-mixed":
                s.ExtMapAllowMixed = true;
                return null;
            case "ice-ufrag":
                return SetIceCredential(value, v => s.IceUfrag = v, "ice-ufrag");
            case "ice-pwd":
                return SetIceCredential(value, v => s.IcePwd = v, "ice-pwd");
            case "ice-options":
                return AddIceOptions(value, s.IceOptions);
            case "fingerprint":
                if (value is null || !Fingerprint.TryParse(value, out var fp)) return "invalid a=fingerprint";
                s.Fingerprints.Add(fp);
                return null;
            case "setup":
                if (value is null || !SetupRoleExtensions.TryParse(value, out var role)) return "invalid a=setup";
                s.Setup = role;
                return null;
            case "extmap":
                if (value is null || !ExtMap.TryParse(value, out var ext)) return "invalid a=extmap";
                s.ExtMaps.Add(ext);
                return null;
            default:
                s.OtherAttributes.Add(new SdpAttribute(name, RawValue(line)));
                return null;
        }
    }

    public static string? ApplyToMedia(MediaDescription m, string line)
    {
        Split(line, out var name, out var value);
        if (!SdpText.IsToken(name)) return "invalid attribute name";
        if (value is null && MediaDirectionExtensions.TryParse(name, out var direction))
        {
            m.Direction = direction;
            return null;
        }
        if (!m.IsRtp && name is "rtpmap" or "fmtp" or "rtcp-fb")
        {
            // Outside RTP the format is not a payload type (e.g. legacy SCTP sections): keep the line as written.
            m.OtherAttributes.Add(new SdpAttribute(name, RawValue(line)));
            return null;
        }
        switch (name)
        {
            case "mid":
                if (value is null || !SdpText.IsVisible(value)) return "invalid a=mid";
                m.Mid = value;
                return null;
            case "msid":
                if (value is null || !Msid.TryParse(value, out var msid)) return "invalid a=msid";
                m.Msids.Add(msid);
                return null;
            case "rtcp-mux":
                m.RtcpMux = true;
                return null;
            case "rtcp-rsize":
                m.RtcpReducedSize = true;
                return null;
            case "extmap-allow-mixed":
                m.ExtMapAllowMixed = true;
                return null;
            case "extmap":
                if (value is null || !ExtMap.TryParse(value, out var ext)) return "invalid a=extmap";
                m.ExtMaps.Add(ext);
                return null;
            case "rtpmap":
                if (value is null || !RtpMap.TryParse(value, out var map)) return "invalid a=rtpmap";
                m.RtpMaps.Add(map);
                return null;
            case "fmtp":
                if (value is null || !Fmtp.TryParse(value, out var fmtp)) return "invalid a=fmtp";
                m.Fmtps.Add(fmtp);
                return null;
            case "rtcp-fb":
                if (value is null || !RtcpFeedback.TryParse(value, out var fb)) return "invalid a=rtcp-fb";
                m.RtcpFeedbacks.Add(fb);
                return null;
            case "ssrc":
                if (value is null || !SsrcAttribute.TryParse(value, out var ssrc)) return "invalid a=ssrc";
                m.Ssrcs.Add(ssrc);
                return null;
            case "ssrc-group":
                if (value is null || !SsrcGroup.TryParse(value, out var ssrcGroup)) return "invalid a=ssrc-group";
                m.SsrcGroups.Add(ssrcGroup);
                return null;
            case "rid":
                if (value is null || !RidDescription.TryParse(value, out var rid)) return "invalid a=rid";
                m.Rids.Add(rid);
                return null;
            case "simulcast":
                if (value is null || !SimulcastDescription.TryParse(value, out var simulcast)) return "invalid a=simulcast";
                m.Simulcast = simulcast;
                return null;
            case "ice-ufrag":
                return SetIceCredential(value, v => m.IceUfrag = v, "ice-ufrag");
            case "ice-pwd":
                return SetIceCredential(value, v => m.IcePwd = v, "ice-pwd");
            case "ice-options":
                return AddIceOptions(value, m.IceOptions);
            case "fingerprint":
                if (value is null || !Fingerprint.TryParse(value, out var fp)) return "invalid a=fingerprint";
                m.Fingerprints.Add(fp);
                return null;
            case "setup":
                if (value is null || !SetupRoleExtensions.TryParse(value, out var role)) return "invalid a=setup";
                m.Setup = role;
                return null;
            case "candidate":
                if (value is null) return "invalid a=candidate";
                if (!IceCandidate.TryParseValue(value, out var candidate, out var error)) return error;
                m.Candidates.Add(candidate);
                return null;
            case "end-of-candidates":
                m.EndOfCandidates = true;
                return null;
            case "sctp-port":
                // RFC 8841 §5.1
                if (!SdpText.TryParseInt(value, 0, 65535, out int sctpPort)) return "invalid a=sctp-port";
                m.SctpPort = sctpPort;
                return null;
            case "max-message-size":
                // RFC 8841 §6.1: 0 means no limit
                if (!SdpText.TryParseULong(value, out ulong size)) return "invalid a=max-message-size";
                m.MaxMessageSize = size;
                return null;
            default:
                m.OtherAttributes.Add(new SdpAttribute(name, RawValue(line)));
                return null;
        }
    }

    private static void Split(string line, out string name, out string? value)
    {
        int colon = line.IndexOf(':');
        if (colon < 0)
        {
            name = line.Trim();
            value = null;
        }
        else
        {
            name = line.Substring(0, colon);
            value = line.Substring(colon + 1).Trim();
        }
    }

    /// <summary>Unknown attributes keep their value byte for byte.</summary>
    private static string? RawValue(string line)
    {
        int colon = line.IndexOf(':');
        return colon < 0 ? null : line.Substring(colon + 1);
    }

    /// <summary>RFC 8839 §5.4: ufrag 4–256 and pwd 22–256 ice-chars; lengths are checked, not enforced, as peers vary.</summary>
    private static string? SetIceCredential(string? value, Action<string> set, string name)
    {
        if (value is null || value.Length > 256 || !SdpText.IsVisible(value)) return $"invalid a={name}";
        set(value);
        return null;
    }

    private static string? AddIceOptions(string? value, List<string> options)
    {
        if (value is null) return "invalid a=ice-options";
        var tokens = SdpText.Tokens(value);
        if (tokens.Length == 0) return "invalid a=ice-options";
        options.AddRange(tokens);
        return null;
    }
}

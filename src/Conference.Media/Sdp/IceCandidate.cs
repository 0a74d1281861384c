using System.Text;

namespace Conference.Media.Sdp;

public enum IceCandidateType
{
    Host,
    ServerReflexive,
    PeerReflexive,
    Relayed,
    Other,
}

/// <summary>
/// An ICE candidate (RFC 8839 §5.1 grammar, RFC 6544 tcptype). The same text arrives as an SDP
/// attribute and as a trickled candidate string, with or without "a=" in front.
/// </summary>
public sealed class IceCandidate
{
    public required string Foundation { get; init; }
    public required int Component { get; init; }

    /// <summary>As written ("udp", "UDP", "tcp"); compare case-insensitively.</summary>
    public required string Transport { get; init; }
    public required uint Priority { get; init; }

    /// <summary>IPv4, IPv6 or an FQDN (browsers hide host addresses behind mDNS ".local" names).</summary>
    public required string Address { get; init; }
    public required int Port { get; init; }

    /// <summary>host, srflx, prflx, relay or another token.</summary>
    public required string Type { get; init; }
    public string? RelatedAddress { get; init; }
    public int? RelatedPort { get; init; }

    /// <summary>RFC 6544 §4.5: active, passive or so; only for TCP candidates.</summary>
    public string? TcpType { get; init; }

    /// <summary>Other extension pairs in written order (generation, ufrag, network-id, network-cost…).</summary>
    public List<KeyValuePair<string, string>> Extensions { get; init; } = [];

    public IceCandidateType CandidateType => Type switch
    {
        "host" => IceCandidateType.Host,
        "srflx" => IceCandidateType.ServerReflexive,
        "prflx" => IceCandidateType.PeerReflexive,
        "relay" => IceCandidateType.Relayed,
        _ => IceCandidateType.Other,
    };

    public bool IsUdp => Transport.Equals("udp", StringComparison.OrdinalIgnoreCase);

    public string? GetExtension(string name)
    {
        foreach (var (key, value) in Extensions)
        {
            if (key == name) return value;
        }
        return null;
    }

    public string? Ufrag => GetExtension("ufrag");

    public int? Generation => int.TryParse(GetExtension("generation"), out int g) ? g : null;

    public string? NetworkId => GetExtension("network-id");

    /// <summary>Parses "a=candidate:…", "candidate:…" or the bare attribute value.</summary>
    public static bool TryParse(string? text, out IceCandidate candidate, out string error)
    {
        candidate = null!;
        if (text is null) { error = "candidate is null"; return false; }
        var value = text.Trim();
        if (value.StartsWith("a=", StringComparison.Ordinal)) value = value.Substring(2);
        if (value.StartsWith("candidate:", StringComparison.Ordinal)) value = value.Substring("candidate:".Length);
        return TryParseValue(value, out candidate, out error);
    }

    internal static bool TryParseValue(string value, out IceCandidate candidate, out string error)
    {
        candidate = null!;
        var t = SdpText.Tokens(value);
        if (t.Length < 8) { error = "candidate has fewer than 8 fields"; return false; }
        if (!IsFoundation(t[0])) { error = "invalid candidate foundation"; return false; }
        if (!SdpText.TryParseInt(t[1], 1, 256, out int component)) { error = "invalid candidate component"; return false; }
        if (!SdpText.IsToken(t[2])) { error = "invalid candidate transport"; return false; }
        if (!SdpText.TryParseUInt(t[3], out uint priority)) { error = "invalid candidate priority"; return false; }
        if (!SdpText.IsVisible(t[4])) { error = "invalid candidate address"; return false; }
        if (!SdpText.TryParseInt(t[5], 0, 65535, out int port)) { error = "invalid candidate port"; return false; }
        if (t[6] != "typ" || !SdpText.IsToken(t[7])) { error = "missing candidate type"; return false; }

        string? relatedAddress = null, tcpType = null;
        int? relatedPort = null;
        var extensions = new List<KeyValuePair<string, string>>();
        int i = 8;
        if (i + 1 < t.Length && t[i] == "raddr")
        {
            if (!SdpText.IsVisible(t[i + 1])) { error = "invalid raddr"; return false; }
            relatedAddress = t[i + 1];
            i += 2;
        }
        if (i + 1 < t.Length && t[i] == "rport")
        {
            if (!SdpText.TryParseInt(t[i + 1], 0, 65535, out int rp)) { error = "invalid rport"; return false; }
            relatedPort = rp;
            i += 2;
        }
        // RFC 8839 §5.1: the rest are "extension-att-name SP extension-att-value" pairs.
        for (; i < t.Length; i += 2)
        {
            if (i + 1 >= t.Length) { error = $"candidate extension '{t[i]}' has no value"; return false; }
            if (!SdpText.IsVisible(t[i])) { error = "invalid candidate extension name"; return false; }
            if (t[i] == "tcptype" && tcpType is null) tcpType = t[i + 1];
            else extensions.Add(new(t[i], t[i + 1]));
        }

        candidate = new IceCandidate
        {
            Foundation = t[0], Component = component, Transport = t[2], Priority = priority,
            Address = t[4], Port = port, Type = t[7], RelatedAddress = relatedAddress, RelatedPort = relatedPort,
            TcpType = tcpType, Extensions = extensions,
        };
        error = string.Empty;
        return true;
    }

    /// <summary>RFC 8839 §5.1: foundation = 1*32 ice-char; ice-char = ALPHA / DIGIT / "+" / "/".</summary>
    private static bool IsFoundation(string s)
    {
        if (s.Length is 0 or > 32) return false;
        foreach (char c in s)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '+' and not '/') return false;
        }
        return true;
    }

    /// <summary>The attribute value, without "candidate:" (as it goes after "a=candidate:").</summary>
    public string ToAttributeValue()
    {
        var sb = new StringBuilder();
        sb.Append(Foundation).Append(' ').Append(Component).Append(' ').Append(Transport).Append(' ')
          .Append(Priority).Append(' ').Append(Address).Append(' ').Append(Port).Append(" typ ").Append(Type);
        if (RelatedAddress is not null) sb.Append(" raddr ").Append(RelatedAddress);
        if (RelatedPort is { } rp) sb.Append(" rport ").Append(rp);
        if (TcpType is not null) sb.Append(" tcptype ").Append(TcpType);
        foreach (var (key, value) in Extensions) sb.Append(' ').Append(key).Append(' ').Append(value);
        return sb.ToString();
    }

    /// <summary>"candidate:…", the form used for trickle ICE (RFC 8840 §4.1, JSEP RFC 8829 §5.8).</summary>
    public override string ToString() => "candidate:" + ToAttributeValue();
}

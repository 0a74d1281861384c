namespace Conference.Media.Sdp;

/// <summary>a=ssrc (RFC 5576 §4.1): ssrc, attribute name and optional value ("cname:xyz", "msid:s t").</summary>
public sealed record SsrcAttribute(uint Ssrc, string Name, string? Value)
{
    public static bool TryParse(string value, out SsrcAttribute attribute)
    {
        attribute = null!;
        int space = value.IndexOf(' ');
        if (space < 0 || !SdpText.TryParseUInt(value.AsSpan(0, space), out uint ssrc)) return false;
        var rest = value.Substring(space + 1);
        int colon = rest.IndexOf(':');
        var name = colon < 0 ? rest : rest.Substring(0, colon);
        if (!SdpText.IsToken(name)) return false;
        attribute = new SsrcAttribute(ssrc, name, colon < 0 ? null : rest.Substring(colon + 1));
        return true;
    }

    public override string ToString() => Value is null ? $"{Ssrc} {Name}" : $"{Ssrc} {Name}:{Value}";
}

/// <summary>a=ssrc-group (RFC 5576 §4.2): FID (RTX pairing, RFC 4588) or SIM (legacy simulcast).</summary>
public sealed class SsrcGroup
{
    public const string Fid = "FID";
    public const string Sim = "SIM";

    public SsrcGroup(string semantics, IEnumerable<uint> ssrcs)
    {
        Semantics = semantics;
        Ssrcs = [.. ssrcs];
    }

    public string Semantics { get; }
    public List<uint> Ssrcs { get; }

    public static bool TryParse(string value, out SsrcGroup group)
    {
        group = null!;
        var t = SdpText.Tokens(value);
        if (t.Length < 2 || !SdpText.IsToken(t[0])) return false;
        var ssrcs = new uint[t.Length - 1];
        for (int i = 1; i < t.Length; i++)
        {
            if (!SdpText.TryParseUInt(t[i], out ssrcs[i - 1])) return false;
        }
        group = new SsrcGroup(t[0], ssrcs);
        return true;
    }

    public override string ToString() => $"{Semantics} {string.Join(' ', Ssrcs)}";
}

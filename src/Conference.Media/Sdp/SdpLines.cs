namespace Conference.Media.Sdp;

/// <summary>o= (RFC 8866 §5.2).</summary>
public sealed record SdpOrigin(string Username, string SessionId, string SessionVersion, string NetworkType, string AddressType, string Address)
{
    public static bool TryParse(string value, out SdpOrigin origin)
    {
        origin = null!;
        var t = SdpText.Tokens(value);
        // RFC 8866 §5.2: sess-id and sess-version are 1*DIGIT; not bounded to 64 bits, so checked as digits.
        if (t.Length != 6 || !SdpText.IsDigits(t[1]) || !SdpText.IsDigits(t[2])) return false;
        origin = new SdpOrigin(t[0], t[1], t[2], t[3], t[4], t[5]);
        return true;
    }

    public override string ToString() => $"{Username} {SessionId} {SessionVersion} {NetworkType} {AddressType} {Address}";
}

/// <summary>c= (RFC 8866 §5.7). WebRTC writes "IN IP4 0.0.0.0" and relies on ICE for the real address.</summary>
public sealed record SdpConnection(string NetworkType, string AddressType, string Address)
{
    public static readonly SdpConnection Placeholder = new("IN", "IP4", "0.0.0.0");

    public static bool TryParse(string value, out SdpConnection connection)
    {
        connection = null!;
        var t = SdpText.Tokens(value);
        if (t.Length != 3) return false;
        connection = new SdpConnection(t[0], t[1], t[2]);
        return true;
    }

    public override string ToString() => $"{NetworkType} {AddressType} {Address}";
}

/// <summary>t= (RFC 8866 §5.9); "0 0" means an unbounded session.</summary>
public sealed record SdpTiming(ulong Start, ulong Stop)
{
    public static readonly SdpTiming Unbounded = new(0, 0);

    public static bool TryParse(string value, out SdpTiming timing)
    {
        timing = null!;
        var t = SdpText.Tokens(value);
        if (t.Length != 2 || !SdpText.TryParseULong(t[0], out ulong start) || !SdpText.TryParseULong(t[1], out ulong stop)) return false;
        timing = new SdpTiming(start, stop);
        return true;
    }

    public override string ToString() => $"{SdpText.Format(Start)} {SdpText.Format(Stop)}";
}

/// <summary>A line we do not model (i=, u=, e=, p=, b=, r=, z=, k=), kept verbatim for round-trips.</summary>
public sealed record SdpLine(char Type, string Value)
{
    public override string ToString() => $"{Type}={Value}";
}

/// <summary>An attribute we do not model, kept verbatim (RFC 8866 §5.13: unknown attributes are ignored, not fatal).</summary>
public sealed record SdpAttribute(string Name, string? Value)
{
    public override string ToString() => Value is null ? Name : $"{Name}:{Value}";
}

/// <summary>a=group (RFC 5888 §5), e.g. BUNDLE (RFC 8843 §7).</summary>
public sealed class SdpGroup
{
    public const string Bundle = "BUNDLE";

    public SdpGroup(string semantics, IEnumerable<string> mids)
    {
        Semantics = semantics;
        Mids = [.. mids];
    }

    public string Semantics { get; }
    public List<string> Mids { get; }

    public static bool TryParse(string value, out SdpGroup group)
    {
        group = null!;
        var t = SdpText.Tokens(value);
        if (t.Length == 0 || !SdpText.IsToken(t[0])) return false;
        group = new SdpGroup(t[0], t.Skip(1));
        return true;
    }

    public override string ToString() => Mids.Count == 0 ? Semantics : $"{Semantics} {string.Join(' ', Mids)}";
}

/// <summary>a=msid-semantic (draft-ietf-mmusic-msid, still written by Chromium as "WMS").</summary>
public sealed class MsidSemantic
{
    public MsidSemantic(string semantic, IEnumerable<string> identifiers)
    {
        Semantic = semantic;
        Identifiers = [.. identifiers];
    }

    public string Semantic { get; }
    public List<string> Identifiers { get; }

    public static bool TryParse(string value, out MsidSemantic semantic)
    {
        semantic = null!;
        var t = SdpText.Tokens(value);
        if (t.Length == 0) return false;
        semantic = new MsidSemantic(t[0], t.Skip(1));
        return true;
    }

    public override string ToString() => Identifiers.Count == 0 ? Semantic : $"{Semantic} {string.Join(' ', Identifiers)}";
}

/// <summary>a=msid (RFC 8830 §2): stream id and optional track id.</summary>
public sealed record Msid(string StreamId, string? TrackId)
{
    public static bool TryParse(string value, out Msid msid)
    {
        msid = null!;
        var t = SdpText.Tokens(value);
        if (t.Length is < 1 or > 2) return false;
        msid = new Msid(t[0], t.Length == 2 ? t[1] : null);
        return true;
    }

    public override string ToString() => TrackId is null ? StreamId : $"{StreamId} {TrackId}";
}

namespace Conference.Media.Sdp;

public enum RidDirection
{
    Send,
    Recv,
}

/// <summary>a=rid (RFC 8851 §10): an RTP stream id with direction, optional payload types and restrictions.</summary>
public sealed class RidDescription
{
    public RidDescription(string id, RidDirection direction, IEnumerable<int>? payloadTypes = null, IEnumerable<KeyValuePair<string, string?>>? restrictions = null)
    {
        Id = id;
        Direction = direction;
        PayloadTypes = payloadTypes is null ? [] : [.. payloadTypes];
        Restrictions = restrictions is null ? [] : [.. restrictions];
    }

    public string Id { get; }
    public RidDirection Direction { get; }
    public List<int> PayloadTypes { get; }

    /// <summary>In written order, e.g. max-width=1280, max-fps=30.</summary>
    public List<KeyValuePair<string, string?>> Restrictions { get; }

    public RidDescription WithDirection(RidDirection direction) => new(Id, direction, PayloadTypes, Restrictions);

    /// <summary>RFC 8851 §10: rid-id = 1*(alpha-numeric / "-" / "_").</summary>
    public static bool IsValidId(ReadOnlySpan<char> id)
    {
        if (id.IsEmpty || id.Length > 255) return false;
        foreach (char c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_') return false;
        }
        return true;
    }

    public static bool TryParse(string value, out RidDescription rid)
    {
        rid = null!;
        var t = SdpText.Tokens(value);
        if (t.Length is < 2 or > 3 || !IsValidId(t[0])) return false;
        RidDirection direction;
        if (t[1] == "send") direction = RidDirection.Send;
        else if (t[1] == "recv") direction = RidDirection.Recv;
        else return false;

        var pts = new List<int>();
        var restrictions = new List<KeyValuePair<string, string?>>();
        if (t.Length == 3)
        {
            foreach (var param in t[2].Split(';', StringSplitOptions.RemoveEmptyEntries))
            {
                int eq = param.IndexOf('=');
                var key = eq < 0 ? param : param.Substring(0, eq);
                var val = eq < 0 ? null : param.Substring(eq + 1);
                if (!SdpText.IsToken(key)) return false;
                if (key == "pt")
                {
                    if (val is null) return false;
                    foreach (var p in val.Split(','))
                    {
                        if (!SdpText.TryParseInt(p, 0, 127, out int pt)) return false;
                        pts.Add(pt);
                    }
                }
                else
                {
                    restrictions.Add(new(key, val));
                }
            }
        }
        rid = new RidDescription(t[0], direction, pts, restrictions);
        return true;
    }

    public override string ToString()
    {
        var parts = new List<string>();
        if (PayloadTypes.Count > 0) parts.Add("pt=" + string.Join(',', PayloadTypes));
        foreach (var (key, val) in Restrictions) parts.Add(val is null ? key : $"{key}={val}");
        var head = $"{Id} {(Direction == RidDirection.Send ? "send" : "recv")}";
        return parts.Count == 0 ? head : $"{head} {string.Join(';', parts)}";
    }
}

/// <summary>One rid within a simulcast alternative list; "~" marks it paused (RFC 8853 §5.1).</summary>
public sealed record SimulcastStream(string Rid, bool Paused)
{
    public override string ToString() => Paused ? "~" + Rid : Rid;
}

/// <summary>
/// a=simulcast (RFC 8853 §5.1): per direction, a ";"-separated list of streams, each a ","-separated list of
/// alternative rids.
/// </summary>
public sealed class SimulcastDescription
{
    public List<List<SimulcastStream>> Send { get; } = [];
    public List<List<SimulcastStream>> Recv { get; } = [];

    /// <summary>The view of the other side: our send list is their receive list.</summary>
    public SimulcastDescription Reverse()
    {
        var reversed = new SimulcastDescription();
        reversed.Send.AddRange(Recv.Select(a => a.ToList()));
        reversed.Recv.AddRange(Send.Select(a => a.ToList()));
        return reversed;
    }

    public static bool TryParse(string value, out SimulcastDescription simulcast)
    {
        simulcast = null!;
        var t = SdpText.Tokens(value);
        if (t.Length is not (2 or 4)) return false;
        var result = new SimulcastDescription();
        for (int i = 0; i < t.Length; i += 2)
        {
            List<List<SimulcastStream>> target;
            if (t[i] == "send" && result.Send.Count == 0) target = result.Send;
            else if (t[i] == "recv" && result.Recv.Count == 0) target = result.Recv;
            else return false;
            foreach (var alternatives in t[i + 1].Split(';'))
            {
                var list = new List<SimulcastStream>();
                foreach (var id in alternatives.Split(','))
                {
                    bool paused = id.StartsWith('~');
                    var rid = paused ? id.Substring(1) : id;
                    if (!RidDescription.IsValidId(rid)) return false;
                    list.Add(new SimulcastStream(rid, paused));
                }
                target.Add(list);
            }
        }
        simulcast = result;
        return true;
    }

    public override string ToString()
    {
        static string Format(List<List<SimulcastStream>> streams) => string.Join(';', streams.Select(a => string.Join(',', a)));
        var parts = new List<string>();
        if (Send.Count > 0) parts.Add("send " + Format(Send));
        if (Recv.Count > 0) parts.Add("recv " + Format(Recv));
        return string.Join(' ', parts);
    }
}

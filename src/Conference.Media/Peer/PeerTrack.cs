using System.Text;
using Conference.Media.Sdp;

namespace Conference.Media.Peer;

/// <summary>One negotiated audio/video m-section (one mid) of a peer connection.</summary>
public sealed class PeerTrack
{
    private readonly Lock _lock = new();
    private uint[] _remoteSsrcs;

    internal PeerTrack(string mid, string kind, uint localSsrc, uint? localRtxSsrc, IEnumerable<uint> remoteSsrcs,
        IReadOnlyList<RtpCodec> codecs, IReadOnlyDictionary<string, byte> headerExtensions, MediaDirection direction,
        IReadOnlyList<string> rids)
    {
        Mid = mid;
        MidBytes = Encoding.ASCII.GetBytes(mid);
        Kind = kind;
        LocalSsrc = localSsrc;
        LocalRtxSsrc = localRtxSsrc;
        _remoteSsrcs = remoteSsrcs.Distinct().ToArray();
        Codecs = codecs;
        HeaderExtensions = headerExtensions;
        Direction = direction;
        Rids = rids;
    }

    public string Mid { get; }

    /// <summary>The remote's a=msid for this section (RFC 8830 §2: stream id and track id), null when it gave none.</summary>
    public Msid? RemoteMsid { get; internal init; }

    /// <summary>"audio" | "video".</summary>
    public string Kind { get; }

    /// <summary>The SSRC we send on (in our SDP's a=ssrc and msid); 0 when we do not send in this section.</summary>
    public uint LocalSsrc { get; }

    /// <summary>Our RTX SSRC (a=ssrc-group:FID) when RTX was negotiated and we send.</summary>
    public uint? LocalRtxSsrc { get; }

    /// <summary>From the remote SDP's a=ssrc, plus SSRCs learned from packets (mid header extension, payload type).</summary>
    public IReadOnlyList<uint> RemoteSsrcs => Volatile.Read(ref _remoteSsrcs);

    /// <summary>Negotiated, with the offerer's payload types.</summary>
    public IReadOnlyList<RtpCodec> Codecs { get; }

    /// <summary>Header extension URI → negotiated id.</summary>
    public IReadOnlyDictionary<string, byte> HeaderExtensions { get; }

    /// <summary>Our direction in the answer.</summary>
    public MediaDirection Direction { get; }

    /// <summary>The rids the remote sends (simulcast, RFC 8853), empty otherwise.</summary>
    public IReadOnlyList<string> Rids { get; }

    internal byte[] MidBytes { get; }

    public bool TryGetHeaderExtensionId(string uri, out byte id) => HeaderExtensions.TryGetValue(uri, out id);

    internal void LearnRemoteSsrc(uint ssrc)
    {
        lock (_lock)
        {
            if (Array.IndexOf(_remoteSsrcs, ssrc) >= 0) return;
            Volatile.Write(ref _remoteSsrcs, [.. _remoteSsrcs, ssrc]);
        }
    }

    public override string ToString() => $"{Kind} mid={Mid} local={LocalSsrc} remote=[{string.Join(',', RemoteSsrcs)}]";
}

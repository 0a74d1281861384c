using Conference.Media.Rtp;

namespace Conference.Media.Peer;

/// <summary>
/// Finds the track of a received RTP packet: by SSRC (signalled a=ssrc or learned), else by the MID
/// header extension (RFC 8843 §9.2), else by payload type when only one track uses it (RFC 8843 §9.2
/// allows this fallback). What is found by MID or payload type is remembered by SSRC, so after the
/// first packet of a stream routing is one dictionary lookup. Used from one receive loop only.
/// </summary>
internal sealed class PeerTrackRouter
{
    private readonly IReadOnlyList<PeerTrack> _tracks;
    private readonly Dictionary<uint, PeerTrack> _bySsrc = new();
    private readonly Dictionary<byte, PeerTrack?> _byPayloadType = new();
    private readonly byte[] _midExtensionIds;

    public PeerTrackRouter(IReadOnlyList<PeerTrack> tracks)
    {
        _tracks = tracks;
        foreach (PeerTrack track in tracks)
        {
            foreach (uint ssrc in track.RemoteSsrcs) _bySsrc.TryAdd(ssrc, track);
            foreach (var codec in track.Codecs)
            {
                byte pt = (byte)codec.PayloadType;
                // A payload type used by two sections is ambiguous: null marks it unusable.
                _byPayloadType[pt] = _byPayloadType.ContainsKey(pt) && _byPayloadType[pt] != track ? null : track;
            }
        }
        _midExtensionIds = tracks
            .Select(t => t.HeaderExtensions.TryGetValue(RtpExtensionUris.Mid, out byte id) ? id : (byte)0)
            .Where(id => id != 0).Distinct().ToArray();
    }

    public bool TryRoute(ReadOnlySpan<byte> packet, out PeerTrack? track)
    {
        track = null;
        if (!RtpPacket.TryParse(packet, out RtpHeader header)) return false;
        if (_bySsrc.TryGetValue(header.Ssrc, out track)) return true;

        track = FindByMid(packet, header);
        if (track is null && _byPayloadType.TryGetValue(header.PayloadType, out PeerTrack? byPt)) track = byPt;
        if (track is null) return false;
        _bySsrc[header.Ssrc] = track;
        track.LearnRemoteSsrc(header.Ssrc);
        return true;
    }

    /// <summary>An SSRC known from elsewhere (a stream learned by an earlier connection) routes to the track.</summary>
    public void Learn(uint ssrc, PeerTrack track)
    {
        _bySsrc[ssrc] = track;
        track.LearnRemoteSsrc(ssrc);
    }

    private PeerTrack? FindByMid(ReadOnlySpan<byte> packet, in RtpHeader header)
    {
        if (!header.HasExtension) return null;
        foreach (byte id in _midExtensionIds)
        {
            if (!RtpHeaderExtensions.TryGetValue(packet, header, id, out ReadOnlySpan<byte> mid)) continue;
            foreach (PeerTrack track in _tracks)
            {
                if (mid.SequenceEqual(track.MidBytes)) return track;
            }
        }
        return null;
    }
}

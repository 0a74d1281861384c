using Conference.Media.Peer;
using Conference.Media.Rtp;
using Conference.Media.Sdp;

namespace Conference.Media.Sfu.Rooms;

/// <summary>Ties the room's track records to the publisher connection's sections, and derives each fan-out's options.</summary>
internal static class PublishedSections
{
    private const double NominalTopBitrate = 1_500_000;

    /// <summary>
    /// Room track id → (record, section). A record names its section by the client's track id (the offer's
    /// a=msid, RFC 8830); records without one take the remaining sections of their kind in SDP order.
    /// </summary>
    public static Dictionary<string, (SfuTrackInfo Info, PeerTrack Section)> Match(IReadOnlyList<SfuTrackInfo> tracks, IReadOnlyList<PeerTrack> sections)
    {
        var receiving = sections.Where(s => s.Direction is MediaDirection.RecvOnly or MediaDirection.SendRecv
            && NegotiatedCodecs.MediaPayloadTypes(s.Codecs).Count > 0).ToList();
        var result = new Dictionary<string, (SfuTrackInfo, PeerTrack)>(StringComparer.Ordinal);
        var taken = new HashSet<PeerTrack>();
        foreach (var track in tracks.Where(t => t.ClientTrackId is not null))
        {
            var section = receiving.FirstOrDefault(s => s.Kind == track.Kind && s.RemoteMsid?.TrackId == track.ClientTrackId && !taken.Contains(s));
            if (section is null) continue;
            taken.Add(section);
            result[track.TrackId] = (track, section);
        }
        foreach (var track in tracks.Where(t => t.ClientTrackId is null))
        {
            var section = receiving.FirstOrDefault(s => s.Kind == track.Kind && !taken.Contains(s));
            if (section is null) continue;
            taken.Add(section);
            result[track.TrackId] = (track, section);
        }
        return result;
    }

    /// <summary>The publisher sends the first codec of our answer (RFC 3264 §6.1); RTX/RED/FEC are not forwarded as media.</summary>
    public static PublishedTrackOptions FanoutOptions(PeerTrack section)
    {
        var media = NegotiatedCodecs.MediaPayloadTypes(section.Codecs);
        var first = section.Codecs.First(c => media.Contains(c.PayloadType));
        bool video = section.Kind == MediaDescription.Video;
        // Simulcast (RFC 8853): the offer's send rids, lowest first (docs/protocol.md asks clients to list the encodings
        // that way); each layer's bitrate starts nominal (÷3 per step down from 1.5 Mbps) and is then measured.
        byte ridExtension = 0;
        bool simulcast = video && section.Rids.Count > 1 && section.TryGetHeaderExtensionId(RtpExtensionUris.RtpStreamId, out ridExtension);
        int top = section.Rids.Count - 1;
        return new PublishedTrackOptions
        {
            SimulcastLayers = simulcast
                ? section.Rids.Select((rid, i) => new SimulcastLayer(rid, (ulong)(NominalTopBitrate / Math.Pow(3, top - i)))).ToList()
                : [],
            RidExtensionId = simulcast ? ridExtension : 0,
            Kind = section.Kind,
            ClockRate = (int)first.ClockRate,
            Codec = video ? VideoCodecNames.Parse(first.Name) : VideoCodec.Unknown,
            MediaPayloadTypes = media,
            // FIR where the publisher negotiated only ccm fir; PLI (RFC 4585) otherwise.
            KeyframeRequestFormat = video && !first.Feedback.Contains("nack pli") && first.Feedback.Contains("ccm fir")
                ? KeyframeRequestFormat.Fir : KeyframeRequestFormat.Pli,
        };
    }
}

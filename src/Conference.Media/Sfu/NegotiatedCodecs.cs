using Conference.Media.Sdp;

namespace Conference.Media.Sfu;

/// <summary>
/// Derives the forwarding tables from what each leg negotiated (<c>PeerTrack.Codecs</c>): payload types are
/// the offerer's in every exchange, so the publisher's VP8 may be 96 and the subscriber's 120.
/// </summary>
public static class NegotiatedCodecs
{
    /// <summary>
    /// Maps each publisher media codec to the subscriber codec with the same name, clock rate, channels and — for
    /// H.264 — packetization-mode (RFC 6184 §8.1: modes are not interchangeable). RTX, FEC and RED are not
    /// mapped: RTX is produced per subscriber, and RED/FEC name inner payload types we do not rewrite.
    /// </summary>
    public static PayloadTypeMap MapPayloadTypes(IReadOnlyList<RtpCodec> publisher, IReadOnlyList<RtpCodec> subscriber)
    {
        var pairs = new List<(int, int)>();
        foreach (var from in publisher)
        {
            if (!IsForwardable(from)) continue;
            foreach (var to in subscriber)
            {
                if (IsForwardable(to) && AreSameFormat(from, to))
                {
                    pairs.Add((from.PayloadType, to.PayloadType));
                    break;
                }
            }
        }
        return PayloadTypeMap.Of(pairs.ToArray());
    }

    /// <summary>The publisher's media payload types (what <see cref="PublishedTrackOptions.MediaPayloadTypes"/> wants).</summary>
    public static IReadOnlySet<int> MediaPayloadTypes(IReadOnlyList<RtpCodec> codecs) =>
        codecs.Where(IsForwardable).Select(c => c.PayloadType).ToHashSet();

    /// <summary>
    /// The subscriber's RTX parameters (RFC 4588 §8.1: each rtx format's apt names the media type it repairs),
    /// or null when it negotiated no RTX or we announced no RTX SSRC.
    /// </summary>
    public static RtxParameters? Rtx(IReadOnlyList<RtpCodec> subscriberCodecs, uint? subscriberRtxSsrc)
    {
        if (subscriberRtxSsrc is not { } ssrc) return null;
        var pairs = subscriberCodecs
            .Where(c => c.IsRtx && c.AssociatedPayloadType is not null)
            .Select(c => (c.AssociatedPayloadType!.Value, c.PayloadType))
            .ToArray();
        return pairs.Length == 0 ? null : new RtxParameters(ssrc, PayloadTypeMap.Of(pairs));
    }

    private static bool IsForwardable(RtpCodec codec) => !codec.IsRtx && !codec.IsRed && !codec.IsUlpfec &&
        !codec.Name.Equals("flexfec-03", StringComparison.OrdinalIgnoreCase);

    private static bool AreSameFormat(RtpCodec a, RtpCodec b) =>
        a.Name.Equals(b.Name, StringComparison.OrdinalIgnoreCase) &&
        a.ClockRate == b.ClockRate &&
        (a.Channels ?? 1) == (b.Channels ?? 1) &&
        (!a.Name.Equals("H264", StringComparison.OrdinalIgnoreCase) ||
         (a.GetParameter("packetization-mode") ?? "0") == (b.GetParameter("packetization-mode") ?? "0"));
}

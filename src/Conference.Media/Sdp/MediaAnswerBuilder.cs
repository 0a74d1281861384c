namespace Conference.Media.Sdp;

/// <summary>
/// Builds the answer's m= section for one offered section (RFC 3264 §6, JSEP RFC 8829 §5.3.1): our codecs
/// under the offerer's payload types, rtcp-fb intersected, header extensions with the offerer's ids for the
/// URIs we support, the reversed direction, rtcp-mux. ICE, DTLS and candidates are left to the caller.
/// </summary>
public static class MediaAnswerBuilder
{
    public static MediaDescription CreateAnswer(MediaDescription offer, LocalMediaCapabilities local)
    {
        var answer = new MediaDescription
        {
            Kind = offer.Kind,
            Protocol = offer.Protocol,
            Mid = offer.Mid,
            Connection = SdpConnection.Placeholder,
        };

        if (offer.IsRejected) return Reject(answer, offer);

        if (offer.Kind == MediaDescription.Application)
        {
            if (!offer.Formats.Contains(MediaDescription.DataChannelFormat)) return Reject(answer, offer);
            answer.Formats.Add(MediaDescription.DataChannelFormat);
            answer.SctpPort = local.SctpPort;
            answer.MaxMessageSize = local.MaxMessageSize;
            return answer;
        }

        var codecs = NegotiateCodecs(offer.GetCodecs(), local.Codecs);
        if (codecs.Count == 0) return Reject(answer, offer);
        answer.SetCodecs(codecs);

        foreach (var ext in offer.ExtMaps)
        {
            if (local.HeaderExtensionUris.Contains(ext.Uri) && answer.FindExtMap(ext.Uri) is null)
            {
                answer.ExtMaps.Add(new ExtMap(ext.Id, null, ext.Uri, null));
            }
        }

        // RFC 3264 §6.1: we may send only what they receive, and receive only what they send.
        var offered = offer.EffectiveDirection;
        answer.Direction = MediaDirectionExtensions.From(
            sends: offered.Receives() && local.Direction.Sends(),
            receives: offered.Sends() && local.Direction.Receives());
        answer.RtcpMux = true; // JSEP RFC 8829 §5.3.1: we require rtcp-mux
        answer.RtcpReducedSize = offer.RtcpReducedSize;
        answer.ExtMapAllowMixed = offer.ExtMapAllowMixed;

        if (local.AcceptSimulcast && offer.Simulcast is not null && answer.EffectiveDirection.Receives())
        {
            // RFC 8853 §5.3: the answer mirrors the offered send streams as receive streams (RFC 8851 §4 for rids).
            var accepted = new HashSet<int>(codecs.Select(c => c.PayloadType));
            answer.Simulcast = offer.Simulcast.Reverse();
            foreach (var rid in offer.Rids.Where(r => r.Direction == RidDirection.Send))
            {
                var reversed = new RidDescription(rid.Id, RidDirection.Recv,
                    rid.PayloadTypes.Where(accepted.Contains), rid.Restrictions);
                answer.Rids.Add(reversed);
            }
        }
        return answer;
    }

    /// <summary>Offer order is kept (JSEP allows either side's order, and this keeps RTX next to its codec).</summary>
    public static List<RtpCodec> NegotiateCodecs(List<RtpCodec> offered, List<RtpCodec> local)
    {
        var accepted = new Dictionary<int, RtpCodec>();
        // Pass 1: media codecs.
        foreach (var remote in offered)
        {
            if (remote.IsRtx || remote.IsRed || remote.IsUlpfec) continue;
            var ours = local.Find(l => !l.IsRtx && !l.IsRed && !l.IsUlpfec && CodecCompatibility.AreCompatible(l, remote));
            if (ours is null) continue;
            var codec = ours.Clone(remote.PayloadType);
            codec.Name = remote.Name;
            codec.Feedback.Clear();
            codec.Feedback.AddRange(remote.Feedback.Where(ours.Feedback.Contains)); // RFC 4585 §4.2: only what both support
            if (remote.Name.Equals("H264", StringComparison.OrdinalIgnoreCase))
            {
                var profileLevelId = H264ProfileLevelId.GetAnswerValue(remote, ours);
                if (profileLevelId is null) continue;
                codec.Parameters["profile-level-id"] = profileLevelId;
            }
            accepted[remote.PayloadType] = codec;
        }
        if (accepted.Count == 0) return [];

        // Pass 2: formats that refer to other payload types.
        var primary = new HashSet<int>(accepted.Keys);
        foreach (var remote in offered)
        {
            if (remote.IsRtx)
            {
                // RFC 4588 §8.1: apt must name an accepted codec.
                if (remote.AssociatedPayloadType is not { } apt || !primary.Contains(apt)) continue;
                if (local.Find(l => l.IsRtx && l.ClockRate == remote.ClockRate) is null) continue;
                var rtx = new RtpCodec(remote.PayloadType, remote.Name, remote.ClockRate, remote.Channels);
                rtx.Parameters["apt"] = SdpText.Format(apt);
                accepted[remote.PayloadType] = rtx;
            }
            else if (remote.IsRed || remote.IsUlpfec)
            {
                if (local.Find(l => CodecCompatibility.AreCompatible(l, remote)) is null) continue;
                // RFC 2198 §5 audio RED lists the redundant payload types ("111/111"); all must be accepted.
                if (remote.IsRed && !RedundancyTargetsAccepted(remote, primary)) continue;
                accepted[remote.PayloadType] = remote.Clone();
            }
        }
        return offered.Where(c => accepted.ContainsKey(c.PayloadType)).Select(c => accepted[c.PayloadType]).ToList();
    }

    private static bool RedundancyTargetsAccepted(RtpCodec red, HashSet<int> primary)
    {
        foreach (var key in red.Parameters.Keys)
        {
            foreach (var part in key.Split('/'))
            {
                if (!SdpText.TryParseInt(part, 0, 127, out int pt) || !primary.Contains(pt)) return false;
            }
        }
        return true;
    }

    /// <summary>RFC 3264 §6: a rejected stream has port 0 and keeps at least one format.</summary>
    private static MediaDescription Reject(MediaDescription answer, MediaDescription offer)
    {
        answer.Port = 0;
        answer.Formats.AddRange(offer.Formats.Take(1));
        answer.Direction = MediaDirection.Inactive;
        return answer;
    }
}

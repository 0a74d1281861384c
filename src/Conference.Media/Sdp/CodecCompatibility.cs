namespace Conference.Media.Sdp;

/// <summary>
/// Whether two payload formats describe the same codec configuration, as offer/answer needs it
/// (RFC 3264 §6.1, JSEP RFC 8829 §5.3.1): name, clock rate and channels, plus the fmtp parameters
/// each codec's RTP spec says must match. RTX and RED also need their referenced payload types mapped,
/// which <see cref="MediaAnswerBuilder"/> checks.
/// </summary>
public static class CodecCompatibility
{
    public static bool AreCompatible(RtpCodec a, RtpCodec b)
    {
        if (!a.Name.Equals(b.Name, StringComparison.OrdinalIgnoreCase) || a.ClockRate != b.ClockRate) return false;
        if ((a.Channels ?? 1) != (b.Channels ?? 1)) return false;

        switch (a.Name.ToUpperInvariant())
        {
            case "H264":
                // RFC 6184 §8.2.2: packetization-mode must be equal (absent = 0); profiles must match, levels may differ.
                if ((a.GetParameter("packetization-mode") ?? "0") != (b.GetParameter("packetization-mode") ?? "0")) return false;
                return H264ProfileLevelId.TryGet(a, out var pa) && H264ProfileLevelId.TryGet(b, out var pb) && pa.Profile == pb.Profile;
            case "VP9":
                // draft-ietf-payload-vp9 §6: profile-id, default 0.
                return (a.GetParameter("profile-id") ?? "0") == (b.GetParameter("profile-id") ?? "0");
            case "AV1":
                // AV1 RTP payload spec §7.2: profile, default 0; level-idx and tier may differ.
                return (a.GetParameter("profile") ?? "0") == (b.GetParameter("profile") ?? "0");
            case "H265":
                return (a.GetParameter("profile-id") ?? "1") == (b.GetParameter("profile-id") ?? "1");
            default:
                // Opus (RFC 7587 §7: parameters are receive preferences, never a mismatch), VP8, PCMU, ...
                return true;
        }
    }
}

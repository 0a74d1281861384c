namespace Conference.Media.Rtp;

/// <summary>PLI (RFC 4585 §6.3.1): PSFB FMT 1 with no FCI; asks the sender of MediaSsrc for a keyframe.</summary>
public static class PictureLossIndication
{
    public const int Length = RtcpFeedbackPacket.FixedLength;

    public static bool TryParse(ReadOnlySpan<byte> packet, out uint senderSsrc, out uint mediaSsrc)
    {
        senderSsrc = mediaSsrc = 0;
        if (!RtcpFeedbackPacket.TryParse(packet, out var fb) ||
            !fb.Is(RtcpPacketType.PayloadSpecificFeedback, RtcpFeedbackFormat.PictureLossIndication))
        {
            return false;
        }
        senderSsrc = fb.SenderSsrc;
        mediaSsrc = fb.MediaSsrc;
        return true;
    }

    public static bool TryWrite(Span<byte> destination, uint senderSsrc, uint mediaSsrc, out int written)
    {
        written = 0;
        if (destination.Length < Length) return false;
        RtcpFeedbackPacket.WriteFixed(destination, RtcpPacketType.PayloadSpecificFeedback,
            RtcpFeedbackFormat.PictureLossIndication, Length, senderSsrc, mediaSsrc);
        written = Length;
        return true;
    }
}

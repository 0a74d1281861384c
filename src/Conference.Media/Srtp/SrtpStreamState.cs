namespace Conference.Media.Srtp;

/// <summary>
/// Per-SSRC cryptographic state (RFC 3711 §3.2.3): rollover counter and highest sequence
/// (both folded into the highest 48-bit index), replay windows, and the SRTCP send index.
/// </summary>
internal sealed class SrtpStreamState
{
    public SrtpReplayWindow RtpWindow;
    public SrtpReplayWindow RtcpWindow;

    /// <summary>Next SRTCP index to send (31 bits, RFC 3711 §3.4).</summary>
    public uint NextRtcpIndex;

    /// <summary>
    /// RFC 3711 §3.3.1 / Appendix A: guess the ROC for <paramref name="sequence"/> relative
    /// to the highest index seen, so a late packet from before a wrap gets ROC-1 and the
    /// first packet after a wrap gets ROC+1. Returns the 48-bit packet index.
    /// </summary>
    public static ulong EstimateIndex(in SrtpReplayWindow window, ushort sequence)
    {
        if (!window.IsInitialized)
        {
            return sequence;
        }

        uint roc = (uint)(window.Highest >> 16);
        int highestSequence = (ushort)window.Highest;
        long v = roc;
        if (highestSequence < 32768)
        {
            if (sequence - highestSequence > 32768 && roc > 0)
            {
                v = roc - 1L;
            }
        }
        else if (highestSequence - 32768 > sequence)
        {
            v = roc + 1L;
        }

        return ((ulong)(uint)v << 16) | sequence;
    }
}

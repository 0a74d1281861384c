namespace Conference.Media.Transport;

/// <summary>What a datagram on a shared WebRTC socket carries, by RFC 7983 §7 (as updated by RFC 9443).</summary>
public enum DatagramKind
{
    /// <summary>First byte in no range we use, or too short to be what it claims: drop it.</summary>
    Unknown,
    Stun,
    Dtls,
    Rtp,
    Rtcp,
}

/// <summary>RFC 7983 demultiplexing by the first byte, then RFC 5761 §4 to split RTP from RTCP.</summary>
public static class DatagramClassifier
{
    private const int StunHeaderLength = 20;   // RFC 8489 §5
    private const int DtlsRecordHeaderLength = 13; // RFC 6347 §4.1
    private const int RtpHeaderLength = 12;    // RFC 3550 §5.1
    private const int RtcpHeaderLength = 8;    // RFC 3550 §6.4: header + sender SSRC

    public static DatagramKind Classify(ReadOnlySpan<byte> datagram)
    {
        if (datagram.IsEmpty) return DatagramKind.Unknown;
        byte first = datagram[0];
        // RFC 7983 §7: [0..3] STUN, [20..63] DTLS, [128..191] RTP/RTCP; ZRTP and TURN channels are not used here.
        if (first <= 3) return datagram.Length >= StunHeaderLength ? DatagramKind.Stun : DatagramKind.Unknown;
        if (first is >= 20 and <= 63) return datagram.Length >= DtlsRecordHeaderLength ? DatagramKind.Dtls : DatagramKind.Unknown;
        if (first is < 128 or > 191 || datagram.Length < RtcpHeaderLength) return DatagramKind.Unknown;
        // RFC 5761 §4: with rtcp-mux, a second byte in 192..223 is an RTCP packet type (RTP avoids PT 64..95).
        if (datagram[1] is >= 192 and <= 223) return DatagramKind.Rtcp;
        return datagram.Length >= RtpHeaderLength ? DatagramKind.Rtp : DatagramKind.Unknown;
    }
}

namespace Conference.Media.Srtp;

/// <summary>
/// DTLS-SRTP protection profiles we support, valued as their RFC 5764 §4.1.2 /
/// RFC 7714 §14.2 code points.
/// </summary>
public enum SrtpProfile : ushort
{
    AesCm128HmacSha1_80 = 0x0001,
    AeadAes128Gcm = 0x0007,
}

/// <summary>Key, salt and tag sizes per profile (RFC 5764 §4.1.2, RFC 7714 §14.2).</summary>
public static class SrtpProfileParameters
{
    public static int MasterKeyLength(this SrtpProfile profile) => 16;

    public static int MasterSaltLength(this SrtpProfile profile) => profile switch
    {
        SrtpProfile.AesCm128HmacSha1_80 => 14,
        SrtpProfile.AeadAes128Gcm => 12,
        _ => throw new ArgumentOutOfRangeException(nameof(profile)),
    };

    /// <summary>Bytes protect adds to an RTP packet: the auth tag (80-bit HMAC or 128-bit GCM tag).</summary>
    public static int RtpOverhead(this SrtpProfile profile) => profile switch
    {
        SrtpProfile.AesCm128HmacSha1_80 => 10,
        SrtpProfile.AeadAes128Gcm => 16,
        _ => throw new ArgumentOutOfRangeException(nameof(profile)),
    };

    /// <summary>Bytes protect adds to an RTCP packet: tag plus the 4-byte E||SRTCP index.</summary>
    public static int RtcpOverhead(this SrtpProfile profile) => RtpOverhead(profile) + 4;
}

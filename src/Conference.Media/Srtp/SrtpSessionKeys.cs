namespace Conference.Media.Srtp;

/// <summary>
/// Session keys for one direction (RFC 3711 §4.3.2). Tests build this directly to feed
/// RFC 7714 vectors, which are stated in session keys.
/// </summary>
public sealed class SrtpSessionKeys
{
    public SrtpSessionKeys(byte[] rtpKey, byte[] rtpSalt, byte[] rtpAuthKey, byte[] rtcpKey, byte[] rtcpSalt, byte[] rtcpAuthKey)
    {
        RtpKey = rtpKey;
        RtpSalt = rtpSalt;
        RtpAuthKey = rtpAuthKey;
        RtcpKey = rtcpKey;
        RtcpSalt = rtcpSalt;
        RtcpAuthKey = rtcpAuthKey;
    }

    public byte[] RtpKey { get; }

    public byte[] RtpSalt { get; }

    /// <summary>HMAC-SHA1 key (160 bits); empty for AEAD profiles.</summary>
    public byte[] RtpAuthKey { get; }

    public byte[] RtcpKey { get; }

    public byte[] RtcpSalt { get; }

    public byte[] RtcpAuthKey { get; }

    public static SrtpSessionKeys Derive(SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt)
    {
        if (masterKey.Length != profile.MasterKeyLength() || masterSalt.Length != profile.MasterSaltLength())
        {
            throw new ArgumentException($"{profile} needs a {profile.MasterKeyLength()}-byte key and {profile.MasterSaltLength()}-byte salt.");
        }

        int saltLength = profile.MasterSaltLength();
        int authLength = profile == SrtpProfile.AesCm128HmacSha1_80 ? 20 : 0;
        return new SrtpSessionKeys(
            Derive(masterKey, masterSalt, SrtpKeyDerivation.RtpEncryption, 16),
            Derive(masterKey, masterSalt, SrtpKeyDerivation.RtpSalt, saltLength),
            Derive(masterKey, masterSalt, SrtpKeyDerivation.RtpAuthentication, authLength),
            Derive(masterKey, masterSalt, SrtpKeyDerivation.RtcpEncryption, 16),
            Derive(masterKey, masterSalt, SrtpKeyDerivation.RtcpSalt, saltLength),
            Derive(masterKey, masterSalt, SrtpKeyDerivation.RtcpAuthentication, authLength));
    }

    private static byte[] Derive(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, byte label, int length)
    {
        var output = new byte[length];
        if (length > 0)
        {
            SrtpKeyDerivation.Derive(masterKey, masterSalt, label, output);
        }

        return output;
    }
}

namespace Conference.Media.Dtls;

/// <summary>SRTP protection profiles negotiated by the use_srtp extension (RFC 5764 §4.1.2, RFC 7714 §14.2).</summary>
public enum DtlsSrtpProfile : ushort
{
    AesCm128HmacSha1_80 = 0x0001,
    AeadAes128Gcm = 0x0007,
}

public static class DtlsSrtpProfileLengths
{
    /// <summary>Master key length in bytes (RFC 5764 §4.1.2, RFC 7714 §12).</summary>
    public static int MasterKeyLength(this DtlsSrtpProfile profile) => 16;

    /// <summary>Master salt length in bytes: 112 bits for AES-CM, 96 bits for GCM (RFC 7714 §12).</summary>
    public static int MasterSaltLength(this DtlsSrtpProfile profile) =>
        profile == DtlsSrtpProfile.AeadAes128Gcm ? 12 : 14;

    /// <summary>RFC 5764 §4.2: client key, server key, client salt, server salt.</summary>
    public static int KeyingMaterialLength(this DtlsSrtpProfile profile) =>
        2 * (profile.MasterKeyLength() + profile.MasterSaltLength());
}

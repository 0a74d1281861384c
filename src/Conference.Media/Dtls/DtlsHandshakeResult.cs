namespace Conference.Media.Dtls;

/// <summary>
/// What SRTP needs from a completed DTLS-SRTP handshake. <see cref="KeyingMaterial"/> is laid out
/// per RFC 5764 §4.2: client_write_key | server_write_key | client_write_salt | server_write_salt.
/// The side with <see cref="IsClient"/> protects outgoing packets with the client key and salt.
/// </summary>
public sealed record DtlsHandshakeResult(
    DtlsSrtpProfile Profile,
    byte[] KeyingMaterial,
    bool IsClient,
    DtlsFingerprint RemoteFingerprint)
{
    public ReadOnlySpan<byte> ClientWriteKey => KeyingMaterial.AsSpan(0, Profile.MasterKeyLength());
    public ReadOnlySpan<byte> ServerWriteKey => KeyingMaterial.AsSpan(Profile.MasterKeyLength(), Profile.MasterKeyLength());
    public ReadOnlySpan<byte> ClientWriteSalt => KeyingMaterial.AsSpan(2 * Profile.MasterKeyLength(), Profile.MasterSaltLength());
    public ReadOnlySpan<byte> ServerWriteSalt =>
        KeyingMaterial.AsSpan(2 * Profile.MasterKeyLength() + Profile.MasterSaltLength(), Profile.MasterSaltLength());

    /// <summary>Key and salt this side protects outgoing SRTP/SRTCP with (RFC 5764 §4.2).</summary>
    public ReadOnlySpan<byte> LocalMasterKey => IsClient ? ClientWriteKey : ServerWriteKey;
    public ReadOnlySpan<byte> LocalMasterSalt => IsClient ? ClientWriteSalt : ServerWriteSalt;

    /// <summary>Key and salt the peer protects with, i.e. what this side unprotects incoming packets with.</summary>
    public ReadOnlySpan<byte> RemoteMasterKey => IsClient ? ServerWriteKey : ClientWriteKey;
    public ReadOnlySpan<byte> RemoteMasterSalt => IsClient ? ServerWriteSalt : ClientWriteSalt;
}

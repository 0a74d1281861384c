namespace Conference.Media.Srtp;

/// <summary>
/// Master keys for both directions, split from the DTLS exporter output laid out as
/// client_key | server_key | client_salt | server_salt (RFC 5764 §4.2).
/// </summary>
public sealed class SrtpKeyMaterial
{
    private SrtpKeyMaterial(SrtpProfile profile, byte[] localKey, byte[] localSalt, byte[] remoteKey, byte[] remoteSalt)
    {
        Profile = profile;
        LocalMasterKey = localKey;
        LocalMasterSalt = localSalt;
        RemoteMasterKey = remoteKey;
        RemoteMasterSalt = remoteSalt;
    }

    public SrtpProfile Profile { get; }

    /// <summary>Protects what we send.</summary>
    public byte[] LocalMasterKey { get; }

    public byte[] LocalMasterSalt { get; }

    /// <summary>Unprotects what we receive.</summary>
    public byte[] RemoteMasterKey { get; }

    public byte[] RemoteMasterSalt { get; }

    /// <summary>Exporter length to request for a profile: 2 * (key + salt).</summary>
    public static int ExportedLength(SrtpProfile profile) => 2 * (profile.MasterKeyLength() + profile.MasterSaltLength());

    public static SrtpKeyMaterial Split(ReadOnlySpan<byte> exported, SrtpProfile profile, bool isClient)
    {
        int keyLength = profile.MasterKeyLength();
        int saltLength = profile.MasterSaltLength();
        if (exported.Length != ExportedLength(profile))
        {
            throw new ArgumentException($"{profile} needs {ExportedLength(profile)} exported bytes.", nameof(exported));
        }

        byte[] clientKey = exported.Slice(0, keyLength).ToArray();
        byte[] serverKey = exported.Slice(keyLength, keyLength).ToArray();
        byte[] clientSalt = exported.Slice(2 * keyLength, saltLength).ToArray();
        byte[] serverSalt = exported.Slice(2 * keyLength + saltLength, saltLength).ToArray();
        return isClient
            ? new SrtpKeyMaterial(profile, clientKey, clientSalt, serverKey, serverSalt)
            : new SrtpKeyMaterial(profile, serverKey, serverSalt, clientKey, clientSalt);
    }

    public SrtpSession CreateOutbound() => new(Profile, LocalMasterKey, LocalMasterSalt);

    public SrtpSession CreateInbound() => new(Profile, RemoteMasterKey, RemoteMasterSalt);
}

namespace Conference.Media.Dtls;

/// <summary>Callbacks from the BouncyCastle peer objects back into <see cref="DtlsTransport"/>.</summary>
internal sealed class DtlsPeerEvents(
    Action<DtlsSrtpProfile, byte[]> onHandshakeComplete,
    Action<short, short> onAlertReceived)
{
    public DtlsFingerprint? VerifiedFingerprint { get; private set; }

    public void OnPeerVerified(DtlsFingerprint fingerprint) => VerifiedFingerprint = fingerprint;

    public void OnHandshakeComplete(DtlsSrtpProfile profile, byte[] keyingMaterial) => onHandshakeComplete(profile, keyingMaterial);

    public void OnAlertReceived(short level, short description) => onAlertReceived(level, description);
}

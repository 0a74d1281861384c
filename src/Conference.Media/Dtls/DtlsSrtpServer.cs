using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Conference.Media.Dtls;

/// <summary>The BouncyCastle server peer: ECDSA, use_srtp, mandatory client certificate checked against SDP.</summary>
internal sealed class DtlsSrtpServer(
    BcTlsCrypto crypto, DtlsCertificate certificate, DtlsFingerprint expectedRemote, DtlsTransportOptions options,
    DtlsPeerEvents events)
    : DefaultTlsServer(crypto)
{
    private readonly BcTlsCrypto _crypto = crypto;
    private DtlsSrtpProfile? _profile;

    protected override ProtocolVersion[] GetSupportedVersions() => DtlsSrtpPolicy.Versions;

    protected override int[] GetSupportedCipherSuites() => (int[])DtlsSrtpPolicy.CipherSuites.Clone();

    public override int GetHandshakeTimeoutMillis() => (int)options.HandshakeTimeout.TotalMilliseconds;

    public override int GetHandshakeResendTimeMillis() => options.InitialResendMillis;

    public override void ProcessClientExtensions(IDictionary<int, byte[]> clientExtensions)
    {
        base.ProcessClientExtensions(clientExtensions);
        UseSrtpData? offered = TlsSrtpUtilities.GetUseSrtpExtension(clientExtensions);
        if (offered is null)
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "client did not offer use_srtp");
        // RFC 5764 §4.1.1: the server picks one profile the client offered; we pick by our preference.
        foreach (DtlsSrtpProfile preferred in options.SrtpProfiles)
        {
            if (Array.IndexOf(offered.ProtectionProfiles, (int)preferred) >= 0)
            {
                _profile = preferred;
                return;
            }
        }
        throw new TlsFatalAlert(AlertDescription.handshake_failure, "no common SRTP protection profile");
    }

    public override IDictionary<int, byte[]> GetServerExtensions()
    {
        IDictionary<int, byte[]> extensions = base.GetServerExtensions();
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData([(int)_profile!.Value], TlsUtilities.EmptyBytes));
        return extensions;
    }

    public override CertificateRequest GetCertificateRequest() =>
        // RFC 5763 §5: the server must request the client's certificate to check it against SDP.
        new([ClientCertificateType.ecdsa_sign], TlsUtilities.GetDefaultSupportedSignatureAlgorithms(m_context), null);

    public override void NotifyClientCertificate(Certificate clientCertificate) =>
        DtlsSrtpPolicy.VerifyPeer(clientCertificate, expectedRemote, events.OnPeerVerified);

    protected override TlsCredentialedSigner GetECDsaSignerCredentials() =>
        DtlsSrtpPolicy.CreateSigner(m_context, _crypto, certificate);

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        DtlsSrtpProfile profile = _profile!.Value;
        events.OnHandshakeComplete(profile, DtlsSrtpPolicy.ExportSrtpKeys(m_context, profile));
    }

    public override void NotifyAlertReceived(short alertLevel, short alertDescription) =>
        events.OnAlertReceived(alertLevel, alertDescription);
}

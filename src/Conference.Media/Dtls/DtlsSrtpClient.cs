using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Conference.Media.Dtls;

/// <summary>The BouncyCastle client peer: offers use_srtp, presents our certificate, checks the server's against SDP.</summary>
internal sealed class DtlsSrtpClient(
    BcTlsCrypto crypto, DtlsCertificate certificate, DtlsFingerprint expectedRemote, DtlsTransportOptions options,
    DtlsPeerEvents events)
    : DefaultTlsClient(crypto)
{
    private readonly DtlsCertificate _certificate = certificate;
    private readonly DtlsFingerprint _expectedRemote = expectedRemote;
    private readonly DtlsPeerEvents _events = events;
    private DtlsSrtpProfile? _profile;

    protected override ProtocolVersion[] GetSupportedVersions() => DtlsSrtpPolicy.Versions;

    protected override int[] GetSupportedCipherSuites() => (int[])DtlsSrtpPolicy.CipherSuites.Clone();

    public override int GetHandshakeTimeoutMillis() => (int)options.HandshakeTimeout.TotalMilliseconds;

    public override int GetHandshakeResendTimeMillis() => options.InitialResendMillis;

    public override IDictionary<int, byte[]> GetClientExtensions()
    {
        IDictionary<int, byte[]> extensions = base.GetClientExtensions();
        int[] profiles = options.SrtpProfiles.Select(p => (int)p).ToArray();
        // RFC 5764 §4.1.1: empty MKI; WebRTC never uses MKIs.
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData(profiles, TlsUtilities.EmptyBytes));
        return extensions;
    }

    public override void ProcessServerExtensions(IDictionary<int, byte[]> serverExtensions)
    {
        base.ProcessServerExtensions(serverExtensions);
        UseSrtpData? chosen = TlsSrtpUtilities.GetUseSrtpExtension(serverExtensions);
        // RFC 5764 §4.1.2: exactly one profile, and one we offered.
        if (chosen is null || chosen.ProtectionProfiles.Length != 1 ||
            !options.SrtpProfiles.Contains((DtlsSrtpProfile)chosen.ProtectionProfiles[0]))
        {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter, "server did not select an offered SRTP profile");
        }
        _profile = (DtlsSrtpProfile)chosen.ProtectionProfiles[0];
    }

    public override TlsAuthentication GetAuthentication() => new Authentication(this);

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        DtlsSrtpProfile profile = _profile!.Value;
        _events.OnHandshakeComplete(profile, DtlsSrtpPolicy.ExportSrtpKeys(m_context, profile));
    }

    public override void NotifyAlertReceived(short alertLevel, short alertDescription) =>
        _events.OnAlertReceived(alertLevel, alertDescription);

    private sealed class Authentication(DtlsSrtpClient client) : TlsAuthentication
    {
        public void NotifyServerCertificate(TlsServerCertificate serverCertificate) =>
            DtlsSrtpPolicy.VerifyPeer(serverCertificate.Certificate, client._expectedRemote, client._events.OnPeerVerified);

        public TlsCredentials GetClientCredentials(CertificateRequest certificateRequest) =>
            DtlsSrtpPolicy.CreateSigner(client.m_context, (BcTlsCrypto)client.Crypto, client._certificate);
    }
}

using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Conference.Media.Dtls;

/// <summary>What both our DTLS client and server offer and accept, in one place.</summary>
internal static class DtlsSrtpPolicy
{
    // RFC 8827 §6.5 requires ECDHE with AEAD; ECDSA matches our P-256 certificate.
    // CHACHA20 is left out: browsers always offer the AES-GCM suites.
    public static readonly int[] CipherSuites =
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    ];

    /// <summary>
    /// DTLS 1.2 only. Chromium's ClientHello offers DTLS 1.3 and 1.2 in supported_versions; a server
    /// limited to 1.2 answers with 1.2 (RFC 9147 §5.3 downgrade rules), which every browser accepts.
    /// BouncyCastle's DTLS 1.3 is not complete, and SRTP key export is specified for 1.2 (RFC 5764).
    /// </summary>
    public static ProtocolVersion[] Versions => ProtocolVersion.DTLSv12.Only();

    public static TlsCredentialedSigner CreateSigner(TlsContext context, BcTlsCrypto crypto, DtlsCertificate certificate)
    {
        var chain = new Certificate([crypto.CreateCertificate(certificate.Der)]);
        return new BcDefaultTlsCredentialedSigner(
            new TlsCryptoParameters(context), crypto, certificate.PrivateKey, chain,
            SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
    }

    /// <summary>Checks the peer's end-entity certificate against the fingerprint from its SDP (RFC 5763 §5).</summary>
    public static void VerifyPeer(Certificate? peer, DtlsFingerprint expected, Action<DtlsFingerprint> onVerified)
    {
        if (peer is null || peer.IsEmpty)
            throw new TlsFatalAlert(AlertDescription.certificate_required, "peer sent no certificate");
        byte[] der = peer.GetCertificateAt(0).GetEncoded();
        if (!expected.Matches(der))
        {
            throw new TlsFatalAlert(AlertDescription.bad_certificate,
                $"peer certificate fingerprint {DtlsFingerprint.Compute(expected.Algorithm, der)} does not match the SDP fingerprint {expected}");
        }
        onVerified(expected);
    }

    public static byte[] ExportSrtpKeys(TlsContext context, DtlsSrtpProfile profile) =>
        // RFC 5764 §4.2: label "EXTRACTOR-dtls_srtp", no context.
        context.ExportKeyingMaterial(ExporterLabel.dtls_srtp, null, profile.KeyingMaterialLength());
}

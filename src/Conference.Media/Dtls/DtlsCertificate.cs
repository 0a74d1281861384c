using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace Conference.Media.Dtls;

/// <summary>
/// The ECDSA P-256 self-signed certificate this endpoint presents in DTLS handshakes.
/// WebRTC does not use PKI: the peer trusts the certificate because its fingerprint
/// arrived over the authenticated signaling channel (RFC 8827 §6.5, RFC 8122 §5).
/// </summary>
public sealed class DtlsCertificate
{
    private static readonly Lazy<DtlsCertificate> s_shared = new(() => Generate());

    private DtlsCertificate(byte[] der, AsymmetricKeyParameter privateKey)
    {
        Der = der;
        PrivateKey = privateKey;
        Fingerprint = DtlsFingerprint.Compute(DtlsFingerprint.Sha256, der);
    }

    /// <summary>One certificate per process: generating a key pair per peer buys nothing
    /// because every fingerprint is exchanged over signaling anyway.</summary>
    public static DtlsCertificate Shared => s_shared.Value;

    /// <summary>DER encoding of the X.509 certificate.</summary>
    public byte[] Der { get; }

    /// <summary>SHA-256 fingerprint for the SDP <c>a=fingerprint</c> attribute.</summary>
    public DtlsFingerprint Fingerprint { get; }

    internal AsymmetricKeyParameter PrivateKey { get; }

    /// <summary>Generates a fresh key pair and certificate (valid from yesterday for a year).</summary>
    public static DtlsCertificate Generate(string commonName = "conference")
    {
        var random = new SecureRandom();
        var keyGenerator = new ECKeyPairGenerator();
        keyGenerator.Init(new ECKeyGenerationParameters(SecObjectIdentifiers.SecP256r1, random));
        AsymmetricCipherKeyPair keyPair = keyGenerator.GenerateKeyPair();

        var generator = new X509V3CertificateGenerator();
        var name = new X509Name("CN=" + commonName);
        // RFC 5280 §4.1.2.2: a positive serial of at most 20 octets.
        generator.SetSerialNumber(new BigInteger(64, random).Add(BigInteger.One));
        generator.SetIssuerDN(name);
        generator.SetSubjectDN(name);
        // Back-dated a day so peers with a skewed clock still accept it.
        generator.SetNotBefore(DateTime.UtcNow.AddDays(-1));
        // A year, so a long-running media server never presents an expired certificate; peers
        // authenticate it by fingerprint, not by validity period (RFC 8827 §6.5).
        generator.SetNotAfter(DateTime.UtcNow.AddDays(365));
        generator.SetPublicKey(keyPair.Public);
        X509Certificate certificate = generator.Generate(
            new Asn1SignatureFactory("SHA256WITHECDSA", keyPair.Private, random));
        return new DtlsCertificate(certificate.GetEncoded(), keyPair.Private);
    }
}

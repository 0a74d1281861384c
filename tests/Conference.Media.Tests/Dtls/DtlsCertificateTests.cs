using System.Text.RegularExpressions;
using Conference.Media.Dtls;

namespace Conference.Media.Tests.Dtls;

public sealed class DtlsCertificateTests
{
    [Fact]
    public void Shared_certificate_is_generated_once_and_has_sdp_sha256_fingerprint()
    {
        DtlsCertificate first = DtlsCertificate.Shared;

        Assert.Same(first, DtlsCertificate.Shared);
        Assert.Matches(new Regex("^sha-256 [0-9A-F]{2}(:[0-9A-F]{2}){31}$"), first.Fingerprint.ToString());
        Assert.True(first.Fingerprint.Matches(first.Der));
    }

    [Fact]
    public void Fingerprint_parse_is_case_insensitive_and_round_trips()
    {
        DtlsFingerprint expected = DtlsCertificate.Shared.Fingerprint;
        string lower = expected.ToString().ToLowerInvariant().Replace("sha-256", "SHA-256");

        Assert.True(DtlsFingerprint.TryParse(lower, out DtlsFingerprint? parsed));
        Assert.Equal(expected, parsed);
        Assert.Equal(expected.ToString(), parsed!.ToString());
    }

    [Theory]
    [InlineData(DtlsFingerprint.Sha1, 20)]
    [InlineData(DtlsFingerprint.Sha384, 48)]
    [InlineData(DtlsFingerprint.Sha512, 64)]
    public void Other_hashes_are_supported(string algorithm, int length)
    {
        DtlsFingerprint fingerprint = DtlsFingerprint.Compute(algorithm, DtlsCertificate.Shared.Der);

        Assert.Equal(length, fingerprint.Value.Length);
        Assert.True(DtlsFingerprint.TryParse(fingerprint.ToString(), out DtlsFingerprint? parsed));
        Assert.True(parsed!.Matches(DtlsCertificate.Shared.Der));
    }

    [Theory]
    [InlineData("")]
    [InlineData("sha-256")]
    [InlineData("md5 AB:CD")]
    [InlineData("sha-256 AB:CD")]
    [InlineData("sha-1 GG:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00")]
    [InlineData("sha-1 00-00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00")]
    public void Malformed_fingerprints_are_rejected(string text) =>
        Assert.False(DtlsFingerprint.TryParse(text, out _));

    [Fact]
    public void Fingerprint_parser_survives_random_and_mutated_input()
    {
        var random = new Random(42);
        string valid = DtlsCertificate.Shared.Fingerprint.ToString();
        const string alphabet = "sha-1256 :ABCDEFabcdef0123456789xyz\t";
        for (int i = 0; i < 10_000; i++)
        {
            char[] text = i % 2 == 0
                ? valid.ToCharArray()
                : Enumerable.Range(0, random.Next(0, 120)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray();
            int mutations = random.Next(0, 4);
            for (int m = 0; m < mutations && text.Length > 0; m++) text[random.Next(text.Length)] = (char)random.Next(0, 128);
            int length = random.Next(0, text.Length + 1);

            if (DtlsFingerprint.TryParse(text.AsSpan(0, length), out DtlsFingerprint? parsed))
                Assert.True(DtlsFingerprint.TryParse(parsed!.ToString(), out DtlsFingerprint? again) && again == parsed);
        }
    }
}

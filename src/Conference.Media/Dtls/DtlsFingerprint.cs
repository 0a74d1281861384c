using System.Security.Cryptography;
using System.Text;

namespace Conference.Media.Dtls;

/// <summary>
/// A certificate fingerprint as carried by SDP <c>a=fingerprint:sha-256 AB:CD:...</c>
/// (RFC 8122 §5). Hash names are lower-case per the IANA "Hash Function Textual Names" registry.
/// </summary>
public sealed record DtlsFingerprint(string Algorithm, byte[] Value)
{
    public const string Sha1 = "sha-1";
    public const string Sha256 = "sha-256";
    public const string Sha384 = "sha-384";
    public const string Sha512 = "sha-512";

    /// <summary>Computes the fingerprint of a DER certificate with the named hash.</summary>
    public static DtlsFingerprint Compute(string algorithm, ReadOnlySpan<byte> der)
    {
        string name = algorithm.ToLowerInvariant();
        byte[] value = name switch
        {
            Sha1 => SHA1.HashData(der),
            Sha256 => SHA256.HashData(der),
            Sha384 => SHA384.HashData(der),
            Sha512 => SHA512.HashData(der),
            _ => throw new ArgumentException($"Unsupported fingerprint hash '{algorithm}'.", nameof(algorithm)),
        };
        return new DtlsFingerprint(name, value);
    }

    /// <summary>Parses "sha-256 AB:CD:..." (algorithm case-insensitive, hex either case). Never throws.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out DtlsFingerprint? fingerprint)
    {
        fingerprint = null;
        text = text.Trim();
        int space = text.IndexOf(' ');
        if (space <= 0) return false;
        string algorithm = text[..space].ToString().ToLowerInvariant();
        int expectedLength = algorithm switch { Sha1 => 20, Sha256 => 32, Sha384 => 48, Sha512 => 64, _ => -1 };
        if (expectedLength < 0) return false;

        ReadOnlySpan<char> hex = text[(space + 1)..].Trim();
        // Each octet is two hex digits, separated by ':' (RFC 8122 §5 grammar).
        if (hex.Length != expectedLength * 3 - 1) return false;
        var value = new byte[expectedLength];
        for (int i = 0; i < expectedLength; i++)
        {
            int at = i * 3;
            if (i > 0 && hex[at - 1] != ':') return false;
            int high = HexValue(hex[at]), low = HexValue(hex[at + 1]);
            if (high < 0 || low < 0) return false;
            value[i] = (byte)((high << 4) | low);
        }
        fingerprint = new DtlsFingerprint(algorithm, value);
        return true;
    }

    /// <summary>True when <paramref name="der"/> hashes to this fingerprint under its algorithm.</summary>
    public bool Matches(ReadOnlySpan<byte> der) =>
        CryptographicOperations.FixedTimeEquals(Compute(Algorithm, der).Value, Value);

    /// <summary>The SDP form: "sha-256 AB:CD:...".</summary>
    public override string ToString()
    {
        var builder = new StringBuilder(Algorithm.Length + 1 + Value.Length * 3);
        builder.Append(Algorithm).Append(' ');
        for (int i = 0; i < Value.Length; i++)
        {
            if (i > 0) builder.Append(':');
            builder.Append(Value[i].ToString("X2"));
        }
        return builder.ToString();
    }

    public bool Equals(DtlsFingerprint? other) =>
        other is not null && Algorithm == other.Algorithm && Value.AsSpan().SequenceEqual(other.Value);

    public override int GetHashCode() => HashCode.Combine(Algorithm, Value.Length > 0 ? Value[0] : 0);

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}

using System.Globalization;
using System.Text;

namespace Conference.Media.Sdp;

/// <summary>a=fingerprint (RFC 8122 §5): hash function name and the certificate digest.</summary>
public sealed class Fingerprint : IEquatable<Fingerprint>
{
    public Fingerprint(string algorithm, byte[] value)
    {
        Algorithm = algorithm;
        Value = value;
    }

    /// <summary>Lower-case hash name, e.g. "sha-256" (RFC 8122 §5: names are case-insensitive).</summary>
    public string Algorithm { get; }

    public byte[] Value { get; }

    public static bool TryParse(string value, out Fingerprint fingerprint)
    {
        fingerprint = null!;
        var t = SdpText.Tokens(value);
        if (t.Length != 2 || !SdpText.IsToken(t[0])) return false;
        var hex = t[1];
        // Upper-case hex pairs separated by colons; accept either case on input.
        if ((hex.Length + 1) % 3 != 0) return false;
        var bytes = new byte[(hex.Length + 1) / 3];
        for (int i = 0; i < bytes.Length; i++)
        {
            if (i > 0 && hex[i * 3 - 1] != ':') return false;
            if (!byte.TryParse(hex.AsSpan(i * 3, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out bytes[i])) return false;
        }
        fingerprint = new Fingerprint(t[0].ToLowerInvariant(), bytes);
        return true;
    }

    public override string ToString()
    {
        var sb = new StringBuilder(Algorithm.Length + 1 + Value.Length * 3);
        sb.Append(Algorithm).Append(' ');
        for (int i = 0; i < Value.Length; i++)
        {
            if (i > 0) sb.Append(':');
            sb.Append(Value[i].ToString("X2", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    public bool Equals(Fingerprint? other) =>
        other is not null && string.Equals(Algorithm, other.Algorithm, StringComparison.OrdinalIgnoreCase) && Value.AsSpan().SequenceEqual(other.Value);

    public override bool Equals(object? obj) => Equals(obj as Fingerprint);

    public override int GetHashCode() => HashCode.Combine(Algorithm.ToLowerInvariant(), Value.Length);
}

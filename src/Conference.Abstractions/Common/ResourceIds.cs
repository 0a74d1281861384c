using System.Security.Cryptography;

namespace Conference.Common;

/// <summary>Server-generated ids: 128 random bits in lower-case base32 (26 characters), opaque and URL-safe.</summary>
public static class ResourceIds
{
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

    public static string New()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        return From(bytes);
    }

    /// <summary>An id in the same form from 16 given bytes (e.g. a hash, for ids derived from an idempotency key).</summary>
    public static string From(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != 16) throw new ArgumentException("An id is made of 16 bytes.", nameof(bytes));
        Span<char> chars = stackalloc char[26];
        int bitBuffer = 0, bitCount = 0, c = 0;
        foreach (var b in bytes)
        {
            bitBuffer = (bitBuffer << 8) | b;
            bitCount += 8;
            while (bitCount >= 5)
            {
                bitCount -= 5;
                chars[c++] = Alphabet[(bitBuffer >> bitCount) & 31];
            }
        }
        chars[c] = Alphabet[(bitBuffer << (5 - bitCount)) & 31];
        return new string(chars);
    }

    /// <summary>Rejects ids that could not have come from <see cref="New"/> before they reach a grain.</summary>
    public static bool IsWellFormed(string? id) =>
        id is { Length: > 0 and <= 64 } && id.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_');
}

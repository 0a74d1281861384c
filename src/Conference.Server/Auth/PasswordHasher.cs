using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Conference.Grains.Observability;

namespace Conference.Server.Auth;

/// <summary>
/// PBKDF2-HMAC-SHA256 with 600 000 iterations (OWASP 2023), a 16-byte salt and a 32-byte key, stored as
/// "pbkdf2-sha256$iterations$salt$key". Verification of an unknown account runs the same derivation against a
/// dummy hash so that timing does not reveal which emails exist.
/// </summary>
public static class PasswordHasher
{
    public const int Iterations = 600_000;
    private const string Scheme = "pbkdf2-sha256";

    private static readonly Lazy<string> Dummy = new(() => Hash("not-a-real-password-" + Guid.NewGuid()));

    public static string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var key = Derive(password, salt, Iterations);
        return string.Join('$', Scheme, Iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(key));
    }

    /// <summary>Checks a password against a stored hash, or against a dummy when there is none.</summary>
    public static bool Verify(string password, string? stored)
    {
        var hash = stored ?? Dummy.Value;
        var parts = hash.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var iterations))
            return false;
        var key = Derive(password, Convert.FromBase64String(parts[2]), iterations);
        return CryptographicOperations.FixedTimeEquals(key, Convert.FromBase64String(parts[3])) && stored is not null;
    }

    private static byte[] Derive(string password, byte[] salt, int iterations)
    {
        ConferenceMetrics.RecordPasswordHash();
        return Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, 32);
    }
}

using System.Security.Cryptography;
using Conference.Server.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace Conference.Server.Auth;

/// <summary>
/// The JWT signing key: from configuration, or (embedded default only) generated on first start and kept in
/// the data folder with owner-only permissions. Cluster mode requires it from configuration so that every
/// gateway signs and validates with the same key.
/// </summary>
public static class SigningKeys
{
    public static SymmetricSecurityKey Load(AuthOptions auth, ConferenceOptions options)
    {
        if (auth.SigningKey is { Length: > 0 } configured)
            return FromBase64(configured);
        if (ClusterHosting.IsPostgres(options))
            throw new InvalidOperationException("Conference:Auth:SigningKey (base64, at least 32 bytes) is required in cluster mode.");

        var path = Path.Combine(options.FullDataPath, "auth", "jwt-signing.key");
        if (!File.Exists(path))
        {
            OwnerOnly.CreateFolder(Path.GetDirectoryName(path)!);
            var temp = path + ".tmp";
            File.WriteAllText(temp, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.Move(temp, path, overwrite: false);
        }
        return FromBase64(File.ReadAllText(path).Trim());
    }

    private static SymmetricSecurityKey FromBase64(string text)
    {
        var bytes = Convert.FromBase64String(text);
        if (bytes.Length < 32) throw new InvalidOperationException("The JWT signing key must be at least 32 bytes.");
        return new SymmetricSecurityKey(bytes) { KeyId = Convert.ToHexStringLower(SHA256.HashData(bytes))[..16] };
    }
}

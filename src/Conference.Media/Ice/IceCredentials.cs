using System.Security.Cryptography;

namespace Conference.Media.Ice;

/// <summary>
/// An ICE username fragment and password (RFC 8445 §5.3). The password keys the short-term
/// MESSAGE-INTEGRITY of every check sent to the side that owns it.
/// </summary>
public sealed record IceCredentials(string Ufrag, string Password)
{
    private const string IceChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /// <summary>
    /// Random credentials: 8 ice-chars of ufrag (RFC 8839 §5.4 asks at least 4) and 24 of
    /// password (at least 22, i.e. 128 bits of entropy).
    /// </summary>
    public static IceCredentials Generate() => new(RandomString(8), RandomString(24));

    private static string RandomString(int length) => RandomNumberGenerator.GetString(IceChars, length);
}

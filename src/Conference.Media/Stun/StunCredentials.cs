using System.Security.Cryptography;
using System.Text;

namespace Conference.Media.Stun;

/// <summary>Derives the MESSAGE-INTEGRITY key (RFC 8489 §9.1.1 short-term, §9.2.2 long-term).</summary>
public static class StunCredentials
{
    /// <summary>
    /// Short-term key: the password itself. ICE passwords are ice-chars (RFC 8445 §5.3),
    /// plain ASCII, so OpaqueString processing is the identity and UTF-8 suffices.
    /// </summary>
    public static byte[] ShortTermKey(string password) => Encoding.UTF8.GetBytes(password);

    /// <summary>
    /// Long-term key with MD5 (RFC 8489 §9.2.2): MD5(username ":" realm ":" password).
    /// The caller supplies already-prepared (OpaqueString/SASLprep) strings.
    /// </summary>
    public static byte[] LongTermKey(string username, string realm, string password) =>
        MD5.HashData(Encoding.UTF8.GetBytes($"{username}:{realm}:{password}"));
}

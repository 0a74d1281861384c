using System.Security.Cryptography;
using System.Text;

namespace Conference.Server.Webhooks;

/// <summary>The headers of a delivery; the signature is HMAC-SHA256 (RFC 2104) of the exact body bytes, keyed by the secret.</summary>
public static class WebhookSignature
{
    public const string EventHeader = "X-Conference-Event";
    public const string DeliveryHeader = "X-Conference-Delivery";
    public const string SignatureHeader = "X-Conference-Signature";

    /// <summary>"sha256=" and the lower-case hex digest, as GitHub-style receivers expect.</summary>
    public static string Compute(string secret, ReadOnlySpan<byte> body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}

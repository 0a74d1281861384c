using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Conference.Media.Sctp;

/// <summary>
/// The state cookie of INIT ACK (RFC 9260 §5.1.3): everything needed to build the association,
/// kept by the peer rather than by us until it proves reachability with COOKIE ECHO, and signed
/// with HMAC-SHA256 under a per-association secret so it cannot be forged or altered.
/// </summary>
internal sealed record SctpStateCookie(
    long CreatedAtMs,
    uint LocalTag,
    uint LocalInitialTsn,
    uint PeerTag,
    uint PeerInitialTsn,
    uint PeerReceiverWindow,
    bool PeerSupportsForwardTsn)
{
    private const int BodyLength = 8 + 4 * 5 + 1;
    private const int MacLength = 32;

    public byte[] Seal(ReadOnlySpan<byte> secret)
    {
        var cookie = new byte[BodyLength + MacLength];
        Span<byte> body = cookie.AsSpan(0, BodyLength);
        BinaryPrimitives.WriteInt64BigEndian(body, CreatedAtMs);
        BinaryPrimitives.WriteUInt32BigEndian(body[8..], LocalTag);
        BinaryPrimitives.WriteUInt32BigEndian(body[12..], LocalInitialTsn);
        BinaryPrimitives.WriteUInt32BigEndian(body[16..], PeerTag);
        BinaryPrimitives.WriteUInt32BigEndian(body[20..], PeerInitialTsn);
        BinaryPrimitives.WriteUInt32BigEndian(body[24..], PeerReceiverWindow);
        body[28] = PeerSupportsForwardTsn ? (byte)1 : (byte)0;
        HMACSHA256.HashData(secret, body, cookie.AsSpan(BodyLength));
        return cookie;
    }

    /// <summary>Verifies the MAC and freshness (RFC 9260 §5.1.5 steps 1-3). Never throws.</summary>
    public static bool TryOpen(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> cookie, long nowMs, TimeSpan lifetime,
        out SctpStateCookie? state)
    {
        state = null;
        if (cookie.Length != BodyLength + MacLength) return false;
        ReadOnlySpan<byte> body = cookie[..BodyLength];
        Span<byte> mac = stackalloc byte[MacLength];
        HMACSHA256.HashData(secret, body, mac);
        if (!CryptographicOperations.FixedTimeEquals(mac, cookie[BodyLength..])) return false;
        long created = BinaryPrimitives.ReadInt64BigEndian(body);
        if (nowMs - created > lifetime.TotalMilliseconds || created - nowMs > 1000) return false;
        state = new SctpStateCookie(created,
            BinaryPrimitives.ReadUInt32BigEndian(body[8..]), BinaryPrimitives.ReadUInt32BigEndian(body[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(body[16..]), BinaryPrimitives.ReadUInt32BigEndian(body[20..]),
            BinaryPrimitives.ReadUInt32BigEndian(body[24..]), body[28] != 0);
        return true;
    }
}

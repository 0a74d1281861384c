using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;

namespace Conference.Media.Stun;

/// <summary>
/// A validated STUN message over the caller's bytes. Reading attributes and checking
/// MESSAGE-INTEGRITY / FINGERPRINT does not allocate.
/// </summary>
public readonly ref struct StunMessageView
{
    private const int StackCopyLimit = 1024;
    private readonly int _attributesEnd;
    private readonly int _integrityOffset;
    private readonly int _integritySha256Offset;
    private readonly int _fingerprintOffset;

    internal StunMessageView(ReadOnlySpan<byte> bytes, int attributesEnd, int integrityOffset, int integritySha256Offset, int fingerprintOffset)
    {
        Bytes = bytes;
        _attributesEnd = attributesEnd;
        _integrityOffset = integrityOffset;
        _integritySha256Offset = integritySha256Offset;
        _fingerprintOffset = fingerprintOffset;
    }

    /// <summary>The whole message (header + body), without trailing datagram bytes.</summary>
    public ReadOnlySpan<byte> Bytes { get; }

    public ushort MessageType => BinaryPrimitives.ReadUInt16BigEndian(Bytes);

    public StunMethod Method => StunMessageType.DecodeMethod(MessageType);

    public StunClass Class => StunMessageType.DecodeClass(MessageType);

    public ReadOnlySpan<byte> TransactionId => Bytes.Slice(8, StunMessage.TransactionIdLength);

    public bool HasMessageIntegrity => _integrityOffset >= 0;

    public bool HasMessageIntegritySha256 => _integritySha256Offset >= 0;

    public bool HasFingerprint => _fingerprintOffset >= 0;

    /// <summary>Attributes a receiver should honour (those after MESSAGE-INTEGRITY are skipped).</summary>
    public StunAttributeEnumerator Attributes =>
        new(Bytes.Slice(StunMessage.HeaderLength, _attributesEnd - StunMessage.HeaderLength));

    public bool TryGetAttribute(ushort type, out ReadOnlySpan<byte> value)
    {
        foreach (StunAttribute attribute in Attributes)
        {
            if (attribute.Type == type)
            {
                value = attribute.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    public bool HasAttribute(ushort type) => TryGetAttribute(type, out _);

    public bool TryGetUsername(out ReadOnlySpan<byte> username) => TryGetAttribute(StunAttributeType.Username, out username);

    public bool HasUseCandidate => HasAttribute(StunAttributeType.UseCandidate);

    public bool TryGetPriority(out uint priority) => TryGetUInt32(StunAttributeType.Priority, out priority);

    public bool TryGetIceControlling(out ulong tieBreaker) => TryGetUInt64(StunAttributeType.IceControlling, out tieBreaker);

    public bool TryGetIceControlled(out ulong tieBreaker) => TryGetUInt64(StunAttributeType.IceControlled, out tieBreaker);

    public bool TryGetXorMappedAddress(out IPEndPoint? endPoint)
    {
        endPoint = null;
        return TryGetAttribute(StunAttributeType.XorMappedAddress, out ReadOnlySpan<byte> value)
            && StunXorAddress.TryRead(value, TransactionId, out endPoint);
    }

    /// <summary>ERROR-CODE (RFC 8489 §14.8): class * 100 + number, plus the UTF-8 reason.</summary>
    public bool TryGetErrorCode(out int code, out ReadOnlySpan<byte> reason)
    {
        code = 0;
        reason = default;
        if (!TryGetAttribute(StunAttributeType.ErrorCode, out ReadOnlySpan<byte> value) || value.Length < 4)
        {
            return false;
        }

        int errorClass = value[2] & 0x7;
        int number = value[3];
        if (errorClass < 3 || errorClass > 6 || number > 99)
        {
            return false;
        }

        code = errorClass * 100 + number;
        reason = value.Slice(4);
        return true;
    }

    /// <summary>Copies UNKNOWN-ATTRIBUTES (RFC 8489 §14.9) into <paramref name="types"/>; returns how many.</summary>
    public int GetUnknownAttributes(Span<ushort> types)
    {
        if (!TryGetAttribute(StunAttributeType.UnknownAttributes, out ReadOnlySpan<byte> value))
        {
            return 0;
        }

        int count = Math.Min(value.Length / 2, types.Length);
        for (int i = 0; i < count; i++)
        {
            types[i] = BinaryPrimitives.ReadUInt16BigEndian(value.Slice(i * 2));
        }

        return count;
    }

    /// <summary>
    /// RFC 8489 §14.5: HMAC-SHA1 over the message up to MESSAGE-INTEGRITY, with the
    /// header length rewritten as if MESSAGE-INTEGRITY were the last attribute.
    /// <paramref name="key"/> is the short-term password bytes or the long-term MD5 key.
    /// </summary>
    public bool VerifyMessageIntegrity(ReadOnlySpan<byte> key)
    {
        if (_integrityOffset < 0)
        {
            return false;
        }

        Span<byte> mac = stackalloc byte[HMACSHA1.HashSizeInBytes];
        ComputeIntegrity(Bytes, _integrityOffset, 20, key, mac, sha256: false);
        return CryptographicOperations.FixedTimeEquals(mac, Bytes.Slice(_integrityOffset + 4, 20));
    }

    /// <summary>RFC 8489 §14.6: as MESSAGE-INTEGRITY, with HMAC-SHA256 possibly truncated.</summary>
    public bool VerifyMessageIntegritySha256(ReadOnlySpan<byte> key)
    {
        if (_integritySha256Offset < 0)
        {
            return false;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(Bytes.Slice(_integritySha256Offset + 2));
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        ComputeIntegrity(Bytes, _integritySha256Offset, length, key, mac, sha256: true);
        return CryptographicOperations.FixedTimeEquals(mac.Slice(0, length), Bytes.Slice(_integritySha256Offset + 4, length));
    }

    /// <summary>RFC 8489 §14.7: CRC-32 of the preceding bytes XOR 0x5354554E.</summary>
    public bool VerifyFingerprint()
    {
        if (_fingerprintOffset < 0)
        {
            return false;
        }

        uint expected = BinaryPrimitives.ReadUInt32BigEndian(Bytes.Slice(_fingerprintOffset + 4));
        return ComputeFingerprint(Bytes, _fingerprintOffset) == expected;
    }

    /// <summary>FINGERPRINT value for a message whose FINGERPRINT attribute starts at <paramref name="attributeOffset"/>.</summary>
    internal static uint ComputeFingerprint(ReadOnlySpan<byte> message, int attributeOffset)
    {
        Span<byte> header = stackalloc byte[StunMessage.HeaderLength];
        message.Slice(0, StunMessage.HeaderLength).CopyTo(header);
        BinaryPrimitives.WriteUInt16BigEndian(header.Slice(2), (ushort)(attributeOffset + 8 - StunMessage.HeaderLength));
        uint crc = StunCrc32.Append(StunCrc32.Initial, header);
        crc = StunCrc32.Append(crc, message.Slice(StunMessage.HeaderLength, attributeOffset - StunMessage.HeaderLength));
        return StunCrc32.Finish(crc) ^ 0x5354554E;
    }

    /// <summary>
    /// HMAC over message[..attributeOffset] with the length field adjusted to end after the
    /// integrity attribute. The prefix is copied to the stack (or a pooled buffer for
    /// unusually large messages) because the one-shot HMAC needs contiguous input.
    /// </summary>
    internal static void ComputeIntegrity(ReadOnlySpan<byte> message, int attributeOffset, int valueLength, ReadOnlySpan<byte> key, Span<byte> mac, bool sha256)
    {
        byte[]? rented = null;
        Span<byte> prefix = attributeOffset <= StackCopyLimit
            ? stackalloc byte[StackCopyLimit]
            : (rented = ArrayPool<byte>.Shared.Rent(attributeOffset));
        prefix = prefix.Slice(0, attributeOffset);
        message.Slice(0, attributeOffset).CopyTo(prefix);
        int adjusted = attributeOffset + 4 + ((valueLength + 3) & ~3) - StunMessage.HeaderLength;
        BinaryPrimitives.WriteUInt16BigEndian(prefix.Slice(2), (ushort)adjusted);
        if (sha256)
        {
            HMACSHA256.HashData(key, prefix, mac);
        }
        else
        {
            HMACSHA1.HashData(key, prefix, mac);
        }

        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private bool TryGetUInt32(ushort type, out uint value)
    {
        value = 0;
        if (!TryGetAttribute(type, out ReadOnlySpan<byte> bytes) || bytes.Length != 4)
        {
            return false;
        }

        value = BinaryPrimitives.ReadUInt32BigEndian(bytes);
        return true;
    }

    private bool TryGetUInt64(ushort type, out ulong value)
    {
        value = 0;
        if (!TryGetAttribute(type, out ReadOnlySpan<byte> bytes) || bytes.Length != 8)
        {
            return false;
        }

        value = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        return true;
    }
}

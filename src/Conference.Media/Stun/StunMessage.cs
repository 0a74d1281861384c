using System.Buffers.Binary;

namespace Conference.Media.Stun;

/// <summary>Entry points for reading STUN messages from the wire (RFC 8489 §5, §6.3).</summary>
public static class StunMessage
{
    public const uint MagicCookie = 0x2112A442;
    public const int HeaderLength = 20;
    public const int TransactionIdLength = 12;

    /// <summary>
    /// RFC 7983 §7 demultiplexing: a first byte of 0..3 is STUN; the magic cookie
    /// (RFC 8489 §6.3) rules out old RFC 3489 traffic and random bytes.
    /// </summary>
    public static bool IsStun(ReadOnlySpan<byte> packet) =>
        packet.Length >= HeaderLength
        && packet[0] <= 3
        && BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(4)) == MagicCookie;

    /// <summary>
    /// Validates framing (header, 4-byte aligned length, attribute TLVs, placement of
    /// MESSAGE-INTEGRITY and FINGERPRINT) without allocating. Never throws.
    /// Bytes beyond the header's length are ignored.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out StunMessageView message)
    {
        message = default;
        if (!IsStun(packet) || (packet[0] & 0xC0) != 0)
        {
            return false;
        }

        int bodyLength = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(2));
        if ((bodyLength & 3) != 0 || HeaderLength + bodyLength > packet.Length)
        {
            return false;
        }

        ReadOnlySpan<byte> bytes = packet.Slice(0, HeaderLength + bodyLength);
        int integrityOffset = -1, integritySha256Offset = -1, fingerprintOffset = -1;
        int attributesEnd = HeaderLength; // end of the attributes a reader may honour
        int offset = HeaderLength;
        while (offset < bytes.Length)
        {
            if (fingerprintOffset >= 0 || bytes.Length - offset < 4)
            {
                return false; // RFC 8489 §14.7: FINGERPRINT is last; no partial TLV headers
            }

            ushort type = BinaryPrimitives.ReadUInt16BigEndian(bytes.Slice(offset));
            int length = BinaryPrimitives.ReadUInt16BigEndian(bytes.Slice(offset + 2));
            int padded = (length + 3) & ~3;
            if (padded > bytes.Length - offset - 4)
            {
                return false;
            }

            switch (type)
            {
                case StunAttributeType.MessageIntegrity:
                    if (length != 20 || integrityOffset >= 0 || integritySha256Offset >= 0)
                    {
                        return false;
                    }

                    integrityOffset = offset;
                    attributesEnd = offset + 4 + padded;
                    break;
                case StunAttributeType.MessageIntegritySha256:
                    // RFC 8489 §14.6: 16..32 bytes, a multiple of 4.
                    if (length < 16 || length > 32 || (length & 3) != 0 || integritySha256Offset >= 0)
                    {
                        return false;
                    }

                    integritySha256Offset = offset;
                    attributesEnd = offset + 4 + padded;
                    break;
                case StunAttributeType.Fingerprint:
                    if (length != 4)
                    {
                        return false;
                    }

                    fingerprintOffset = offset;
                    attributesEnd = offset + 4 + padded;
                    break;
                default:
                    // RFC 8489 §14.5: attributes after MESSAGE-INTEGRITY (other than the two
                    // above) are ignored, so they are excluded from what readers see.
                    if (integrityOffset < 0 && integritySha256Offset < 0)
                    {
                        attributesEnd = offset + 4 + padded;
                    }

                    break;
            }

            offset += 4 + padded;
        }

        message = new StunMessageView(bytes, attributesEnd, integrityOffset, integritySha256Offset, fingerprintOffset);
        return true;
    }
}

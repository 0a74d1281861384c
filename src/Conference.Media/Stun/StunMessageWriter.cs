using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Conference.Media.Stun;

/// <summary>
/// Builds a STUN message into a caller buffer. Add attributes in wire order, then
/// MESSAGE-INTEGRITY, MESSAGE-INTEGRITY-SHA256 and FINGERPRINT last (RFC 8489 §14.5-14.7).
/// A buffer that is too small is a programming error and throws.
/// </summary>
public ref struct StunMessageWriter
{
    private readonly Span<byte> _buffer;
    private int _length;

    public StunMessageWriter(Span<byte> buffer, StunMethod method, StunClass messageClass, ReadOnlySpan<byte> transactionId)
    {
        if (transactionId.Length != StunMessage.TransactionIdLength)
        {
            throw new ArgumentException("A STUN transaction id is 12 bytes.", nameof(transactionId));
        }

        if (buffer.Length < StunMessage.HeaderLength)
        {
            throw new ArgumentException("Buffer too small for a STUN header.", nameof(buffer));
        }

        _buffer = buffer;
        BinaryPrimitives.WriteUInt16BigEndian(buffer, StunMessageType.Encode(method, messageClass));
        BinaryPrimitives.WriteUInt16BigEndian(buffer.Slice(2), 0);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.Slice(4), StunMessage.MagicCookie);
        transactionId.CopyTo(buffer.Slice(8));
        _length = StunMessage.HeaderLength;
    }

    /// <summary>Bytes written so far; the message is <c>buffer[..Length]</c>.</summary>
    public readonly int Length => _length;

    public readonly ReadOnlySpan<byte> TransactionId => _buffer.Slice(8, StunMessage.TransactionIdLength);

    public void AddAttribute(ushort type, ReadOnlySpan<byte> value) => value.CopyTo(Reserve(type, value.Length));

    public void AddUsername(ReadOnlySpan<byte> username) => AddAttribute(StunAttributeType.Username, username);

    public void AddUsername(string username) => AddUtf8(StunAttributeType.Username, username);

    public void AddSoftware(string software) => AddUtf8(StunAttributeType.Software, software);

    public void AddPriority(uint priority) => BinaryPrimitives.WriteUInt32BigEndian(Reserve(StunAttributeType.Priority, 4), priority);

    public void AddUseCandidate() => Reserve(StunAttributeType.UseCandidate, 0);

    public void AddIceControlling(ulong tieBreaker) => BinaryPrimitives.WriteUInt64BigEndian(Reserve(StunAttributeType.IceControlling, 8), tieBreaker);

    public void AddIceControlled(ulong tieBreaker) => BinaryPrimitives.WriteUInt64BigEndian(Reserve(StunAttributeType.IceControlled, 8), tieBreaker);

    public void AddXorMappedAddress(IPEndPoint endPoint)
    {
        Span<byte> value = Reserve(StunAttributeType.XorMappedAddress, StunXorAddress.GetValueLength(endPoint.Address));
        StunXorAddress.Write(value, endPoint, _buffer.Slice(8, StunMessage.TransactionIdLength));
    }

    /// <summary>ERROR-CODE (RFC 8489 §14.8), e.g. 487 Role Conflict (RFC 8445 §7.3.1.1).</summary>
    public void AddErrorCode(int code, string reason)
    {
        if (code < 300 || code > 699)
        {
            throw new ArgumentOutOfRangeException(nameof(code));
        }

        int reasonLength = Encoding.UTF8.GetByteCount(reason);
        Span<byte> value = Reserve(StunAttributeType.ErrorCode, 4 + reasonLength);
        value.Slice(0, 2).Clear();
        value[2] = (byte)(code / 100);
        value[3] = (byte)(code % 100);
        Encoding.UTF8.GetBytes(reason, value.Slice(4));
    }

    public void AddUnknownAttributes(ReadOnlySpan<ushort> types)
    {
        Span<byte> value = Reserve(StunAttributeType.UnknownAttributes, types.Length * 2);
        for (int i = 0; i < types.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(value.Slice(i * 2), types[i]);
        }
    }

    /// <summary>RFC 8489 §14.5: HMAC-SHA1 keyed with the short-term password or long-term key.</summary>
    public void AddMessageIntegrity(ReadOnlySpan<byte> key)
    {
        int offset = _length;
        Span<byte> value = Reserve(StunAttributeType.MessageIntegrity, 20);
        StunMessageView.ComputeIntegrity(_buffer, offset, 20, key, value, sha256: false);
    }

    /// <summary>RFC 8489 §14.6: full 32-byte HMAC-SHA256.</summary>
    public void AddMessageIntegritySha256(ReadOnlySpan<byte> key)
    {
        int offset = _length;
        Span<byte> value = Reserve(StunAttributeType.MessageIntegritySha256, 32);
        StunMessageView.ComputeIntegrity(_buffer, offset, 32, key, value, sha256: true);
    }

    /// <summary>RFC 8489 §14.7; must be the last attribute.</summary>
    public void AddFingerprint()
    {
        int offset = _length;
        Span<byte> value = Reserve(StunAttributeType.Fingerprint, 4);
        BinaryPrimitives.WriteUInt32BigEndian(value, StunMessageView.ComputeFingerprint(_buffer, offset));
    }

    private void AddUtf8(ushort type, string text)
    {
        Span<byte> value = Reserve(type, Encoding.UTF8.GetByteCount(text));
        Encoding.UTF8.GetBytes(text, value);
    }

    /// <summary>Appends a TLV header, zeroes the padding and updates the header length.</summary>
    private Span<byte> Reserve(ushort type, int valueLength)
    {
        int padded = (valueLength + 3) & ~3;
        if (valueLength > ushort.MaxValue || _buffer.Length - _length < 4 + padded)
        {
            throw new ArgumentException("STUN buffer too small for the attribute.");
        }

        Span<byte> tlv = _buffer.Slice(_length, 4 + padded);
        BinaryPrimitives.WriteUInt16BigEndian(tlv, type);
        BinaryPrimitives.WriteUInt16BigEndian(tlv.Slice(2), (ushort)valueLength);
        tlv.Slice(4 + valueLength).Clear();
        _length += 4 + padded;
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.Slice(2), (ushort)(_length - StunMessage.HeaderLength));
        return tlv.Slice(4, valueLength);
    }
}

using System.Buffers.Binary;

namespace Conference.Media.Rtp;

/// <summary>
/// Builds an RTP packet with RFC 8285 header extensions into a caller-supplied buffer, without allocating.
/// Order of use: construct (fixed header + CSRCs), <see cref="TryAddExtension"/> any number of times, then <see cref="TryComplete"/>.
/// </summary>
public ref struct RtpPacketWriter
{
    private readonly Span<byte> _buffer;
    private readonly bool _twoByte;
    private readonly int _extensionHeaderOffset;
    private int _position;
    private bool _failed;

    public RtpPacketWriter(
        Span<byte> buffer, byte payloadType, ushort sequenceNumber, uint timestamp, uint ssrc,
        bool marker = false, scoped ReadOnlySpan<uint> csrcs = default, bool twoByteExtensions = false)
    {
        _buffer = buffer;
        _twoByte = twoByteExtensions;
        int headerLength = RtpPacket.FixedHeaderLength + 4 * csrcs.Length;
        if (csrcs.Length > 15 || buffer.Length < headerLength)
        {
            _failed = true;
            return;
        }
        buffer[0] = (byte)(0x80 | csrcs.Length);
        buffer[1] = (byte)((marker ? 0x80 : 0) | (payloadType & 0x7F));
        BinaryPrimitives.WriteUInt16BigEndian(buffer.Slice(2), sequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.Slice(4), timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.Slice(8), ssrc);
        for (int i = 0; i < csrcs.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(buffer.Slice(12 + 4 * i), csrcs[i]);
        }
        _extensionHeaderOffset = headerLength;
        _position = headerLength;
    }

    private readonly bool HasExtensions => _position > _extensionHeaderOffset;

    /// <summary>
    /// Appends one element. One-byte form: id 1–14, 1–16 bytes (RFC 8285 §4.2); two-byte form: id 1–255, 0–255 bytes (§4.3).
    /// </summary>
    public bool TryAddExtension(int id, scoped ReadOnlySpan<byte> value)
    {
        if (_failed) return false;
        bool fits = _twoByte
            ? id is >= 1 and <= 255 && value.Length <= 255
            : id is >= 1 and <= 14 && value.Length is >= 1 and <= 16;
        if (!fits) return false;

        int start = HasExtensions ? _position : _extensionHeaderOffset + 4;
        int elementHeader = _twoByte ? 2 : 1;
        if (start + elementHeader + value.Length > _buffer.Length) return false;
        if (_twoByte)
        {
            _buffer[start] = (byte)id;
            _buffer[start + 1] = (byte)value.Length;
        }
        else
        {
            _buffer[start] = (byte)(id << 4 | (value.Length - 1));
        }
        value.CopyTo(_buffer.Slice(start + elementHeader));
        _position = start + elementHeader + value.Length;
        return true;
    }

    /// <summary>Pads the extension block to 32 bits, writes its header and copies the payload.</summary>
    public bool TryComplete(scoped ReadOnlySpan<byte> payload, out int length)
    {
        length = 0;
        if (_failed) return false;
        int position = _position;
        if (HasExtensions)
        {
            int dataStart = _extensionHeaderOffset + 4;
            int padded = (position - dataStart + 3) & ~3;
            if (dataStart + padded > _buffer.Length) return false;
            _buffer.Slice(position, dataStart + padded - position).Clear();
            position = dataStart + padded;
            _buffer[0] |= 0x10;
            BinaryPrimitives.WriteUInt16BigEndian(_buffer.Slice(_extensionHeaderOffset),
                _twoByte ? RtpHeaderExtensions.TwoByteProfile : RtpHeaderExtensions.OneByteProfile);
            BinaryPrimitives.WriteUInt16BigEndian(_buffer.Slice(_extensionHeaderOffset + 2), (ushort)(padded / 4));
        }
        if (position + payload.Length > _buffer.Length) return false;
        payload.CopyTo(_buffer.Slice(position));
        length = position + payload.Length;
        return true;
    }
}

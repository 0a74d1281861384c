namespace Conference.Media.Rtp;

/// <summary>Finds and rewrites RFC 8285 header extension elements inside a parsed RTP packet.</summary>
public static class RtpHeaderExtensions
{
    /// <summary>RFC 8285 §4.2.</summary>
    public const ushort OneByteProfile = 0xBEDE;

    /// <summary>RFC 8285 §4.3: 0x100 followed by 4 "appbits" (ignored here).</summary>
    public const ushort TwoByteProfile = 0x1000;

    /// <summary>Locates the element with the given id; offset/length are relative to the packet so the value can be rewritten.</summary>
    public static bool TryFind(ReadOnlySpan<byte> packet, in RtpHeader header, int id, out int valueOffset, out int valueLength)
    {
        var reader = new RtpHeaderExtensionReader(packet, header);
        while (reader.TryReadNext(out var element))
        {
            if (element.Id == id)
            {
                valueOffset = element.ValueOffset;
                valueLength = element.ValueLength;
                return true;
            }
        }
        valueOffset = valueLength = 0;
        return false;
    }

    public static bool TryGetValue(ReadOnlySpan<byte> packet, in RtpHeader header, int id, out ReadOnlySpan<byte> value)
    {
        if (TryFind(packet, header, id, out int offset, out int length))
        {
            value = packet.Slice(offset, length);
            return true;
        }
        value = default;
        return false;
    }

    /// <summary>Overwrites an existing element's value of the same length (e.g. the transport-wide sequence number an SFU assigns per egress packet).</summary>
    public static bool TryRewriteValue(Span<byte> packet, in RtpHeader header, int id, ReadOnlySpan<byte> value)
    {
        if (!TryFind(packet, header, id, out int offset, out int length) || length != value.Length) return false;
        value.CopyTo(packet.Slice(offset, length));
        return true;
    }

    public static bool TryRewriteTransportSequenceNumber(Span<byte> packet, in RtpHeader header, int id, ushort sequenceNumber)
    {
        if (!TryFind(packet, header, id, out int offset, out int length) || length != TransportSequenceNumber.ValueLength) return false;
        TransportSequenceNumber.Write(packet.Slice(offset, length), sequenceNumber);
        return true;
    }
}

/// <summary>One element of the extension block, positioned within the packet.</summary>
public readonly record struct RtpHeaderExtensionElement(int Id, int ValueOffset, int ValueLength);

/// <summary>Walks the elements of a one-byte or two-byte extension block (RFC 8285 §4.2, §4.3) without allocating.</summary>
public ref struct RtpHeaderExtensionReader
{
    private readonly ReadOnlySpan<byte> _packet;
    private readonly int _end;
    private readonly bool _oneByte;
    private readonly bool _twoByte;
    private int _position;

    public RtpHeaderExtensionReader(ReadOnlySpan<byte> packet, in RtpHeader header)
    {
        _packet = packet;
        _position = header.ExtensionOffset;
        _end = header.ExtensionOffset + header.ExtensionLength;
        _oneByte = header.HasOneByteExtensions;
        _twoByte = header.HasTwoByteExtensions;
        if (_end > packet.Length) _end = _position; // a header from another packet: read nothing
    }

    /// <summary>False at the end of the block or at a malformed element (anything after it is not trusted).</summary>
    public bool TryReadNext(out RtpHeaderExtensionElement element)
    {
        element = default;
        if (!_oneByte && !_twoByte) return false;
        while (_position < _end)
        {
            byte b = _packet[_position];
            if (b == 0) { _position++; continue; } // padding between elements (RFC 8285 §4.2/§4.3)
            if (_oneByte)
            {
                int id = b >> 4;
                if (id == 0) { _position++; continue; } // id 0 is reserved for padding (RFC 8285 §4.2)
                if (id == 15) { _position = _end; return false; } // §4.2: reserved id 15 stops processing
                int length = (b & 0x0F) + 1;
                int valueOffset = _position + 1;
                if (valueOffset + length > _end) { _position = _end; return false; }
                _position = valueOffset + length;
                element = new RtpHeaderExtensionElement(id, valueOffset, length);
                return true;
            }
            else
            {
                if (_position + 2 > _end) { _position = _end; return false; }
                int length = _packet[_position + 1];
                int valueOffset = _position + 2;
                if (valueOffset + length > _end) { _position = _end; return false; }
                _position = valueOffset + length;
                element = new RtpHeaderExtensionElement(b, valueOffset, length);
                return true;
            }
        }
        return false;
    }
}

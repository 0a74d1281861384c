using System.Buffers.Binary;

namespace Conference.Media.Rtp;

/// <summary>RTCP SDES (RFC 3550 §6.5). WebRTC only needs CNAME (item type 1); other items are skipped.</summary>
public ref struct SourceDescription
{
    public const byte CnameItem = 1;

    private readonly ReadOnlySpan<byte> _body;
    private int _offset;
    private int _chunksLeft;

    private SourceDescription(ReadOnlySpan<byte> body, int count)
    {
        _body = body;
        _offset = 0;
        _chunksLeft = count;
        ChunkCount = count;
    }

    public int ChunkCount { get; }

    public static bool TryParse(ReadOnlySpan<byte> packet, out SourceDescription description)
    {
        description = default;
        if (!RtcpPacketBody.TryGet(packet, RtcpPacketType.SourceDescription, out var header, out var body)) return false;
        description = new SourceDescription(body, header.Count);
        return true;
    }

    /// <summary>Reads the next chunk; cname is empty when the chunk has none. False at the end or on a malformed chunk.</summary>
    public bool TryReadChunk(out uint ssrc, out ReadOnlySpan<byte> cname)
    {
        ssrc = 0;
        cname = default;
        if (_chunksLeft <= 0 || _offset + 4 > _body.Length) return false;
        ssrc = BinaryPrimitives.ReadUInt32BigEndian(_body.Slice(_offset));
        int position = _offset + 4;
        while (true)
        {
            if (position >= _body.Length) { _chunksLeft = 0; return false; }
            byte type = _body[position];
            if (type == 0) break; // end of item list, then padding to the next 32-bit boundary
            if (position + 2 > _body.Length) { _chunksLeft = 0; return false; }
            int length = _body[position + 1];
            if (position + 2 + length > _body.Length) { _chunksLeft = 0; return false; }
            if (type == CnameItem) cname = _body.Slice(position + 2, length);
            position += 2 + length;
        }
        _offset = (position + 4) & ~3; // skip the null octet(s) up to the boundary
        _chunksLeft--;
        return true;
    }

    /// <summary>Writes an SDES packet with a single chunk carrying a CNAME (ASCII).</summary>
    public static bool TryWriteCname(Span<byte> destination, uint ssrc, string cname, out int written)
    {
        written = 0;
        if (cname.Length is 0 or > 255) return false;
        int itemsEnd = 4 + 4 + 2 + cname.Length;      // header, ssrc, item header, text
        int length = (itemsEnd + 1 + 3) & ~3;          // at least one null octet, padded to 32 bits
        if (destination.Length < length) return false;
        RtcpHeader.Write(destination, 1, RtcpPacketType.SourceDescription, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), ssrc);
        destination[8] = CnameItem;
        destination[9] = (byte)cname.Length;
        for (int i = 0; i < cname.Length; i++)
        {
            if (cname[i] > 0x7F) return false;
            destination[10 + i] = (byte)cname[i];
        }
        destination.Slice(itemsEnd, length - itemsEnd).Clear();
        written = length;
        return true;
    }
}

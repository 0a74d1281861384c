namespace Conference.Media.Rtp;

/// <summary>One packet of a compound: its header, the whole packet and the body after the header with padding removed.</summary>
public readonly ref struct RtcpPacketView
{
    public RtcpPacketView(RtcpHeader header, ReadOnlySpan<byte> packet, ReadOnlySpan<byte> body)
    {
        Header = header;
        Packet = packet;
        Body = body;
    }

    public RtcpHeader Header { get; }
    public ReadOnlySpan<byte> Packet { get; }
    public ReadOnlySpan<byte> Body { get; }
}

/// <summary>
/// Iterates the packets of a compound RTCP datagram (RFC 3550 §6.1) without allocating.
/// Each packet is checked as in RFC 3550 §A.2: version 2, the length stays inside the datagram,
/// and only the last packet may carry padding. Reduced-size RTCP (RFC 5506) is accepted: the
/// "first packet is SR/RR" rule is only enforced by <see cref="IsValidCompound"/> when asked.
/// </summary>
public ref struct RtcpCompoundReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _offset;

    public RtcpCompoundReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _offset = 0;
        IsMalformed = false;
    }

    /// <summary>Set when iteration stopped at a packet that failed validation rather than at the end.</summary>
    public bool IsMalformed { get; private set; }

    public bool TryReadNext(out RtcpPacketView packet)
    {
        packet = default;
        if (IsMalformed || _offset >= _data.Length) return false;
        var rest = _data.Slice(_offset);
        if (!RtcpHeader.TryRead(rest, out var header) || header.PacketLength > rest.Length)
        {
            IsMalformed = true;
            return false;
        }
        var whole = rest.Slice(0, header.PacketLength);
        int bodyLength = whole.Length - RtcpHeader.Length;
        if (header.HasPadding)
        {
            // RFC 3550 §6.4.1: padding only in the last packet; its last octet counts itself.
            int padding = whole[^1];
            bool isLast = _offset + whole.Length == _data.Length;
            if (!isLast || padding == 0 || padding > bodyLength)
            {
                IsMalformed = true;
                return false;
            }
            bodyLength -= padding;
        }
        _offset += whole.Length;
        packet = new RtcpPacketView(header, whole, whole.Slice(RtcpHeader.Length, bodyLength));
        return true;
    }

    /// <summary>
    /// Whole-datagram check: every packet valid, lengths add up exactly, and (unless reduced-size RTCP
    /// is allowed, RFC 5506 §3.4.2) the first packet is an SR or RR.
    /// </summary>
    public static bool IsValidCompound(ReadOnlySpan<byte> data, bool allowReducedSize)
    {
        if (data.IsEmpty) return false;
        var reader = new RtcpCompoundReader(data);
        bool first = true;
        while (reader.TryReadNext(out var packet))
        {
            if (first && !allowReducedSize &&
                packet.Header.PacketType is not (RtcpPacketType.SenderReport or RtcpPacketType.ReceiverReport))
            {
                return false;
            }
            first = false;
        }
        return !reader.IsMalformed && !first;
    }

    /// <summary>RFC 5761 §4 demultiplexing: RTCP packet types put 192–223 in byte 1.</summary>
    public static bool LooksLikeRtcp(ReadOnlySpan<byte> data) =>
        data.Length >= RtcpHeader.Length && data[0] >> 6 == 2 && data[1] is >= 192 and <= 223;
}

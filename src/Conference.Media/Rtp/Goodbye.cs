using System.Buffers.Binary;

namespace Conference.Media.Rtp;

/// <summary>RTCP BYE (RFC 3550 §6.6): the leaving sources and an optional reason.</summary>
public readonly ref struct Goodbye
{
    private readonly ReadOnlySpan<byte> _ssrcs;

    private Goodbye(ReadOnlySpan<byte> ssrcs, int count, ReadOnlySpan<byte> reason)
    {
        _ssrcs = ssrcs;
        SourceCount = count;
        Reason = reason;
    }

    public int SourceCount { get; }
    public ReadOnlySpan<byte> Reason { get; }

    public uint GetSsrc(int index)
    {
        if ((uint)index >= (uint)SourceCount) throw new ArgumentOutOfRangeException(nameof(index));
        return BinaryPrimitives.ReadUInt32BigEndian(_ssrcs.Slice(index * 4));
    }

    public static bool TryParse(ReadOnlySpan<byte> packet, out Goodbye bye)
    {
        bye = default;
        if (!RtcpPacketBody.TryGet(packet, RtcpPacketType.Goodbye, out var header, out var body)) return false;
        int listLength = header.Count * 4;
        if (body.Length < listLength) return false;
        ReadOnlySpan<byte> reason = default;
        if (body.Length > listLength)
        {
            int reasonLength = body[listLength];
            if (listLength + 1 + reasonLength > body.Length) return false;
            reason = body.Slice(listLength + 1, reasonLength);
        }
        bye = new Goodbye(body.Slice(0, listLength), header.Count, reason);
        return true;
    }

    public static bool TryWrite(Span<byte> destination, ReadOnlySpan<uint> ssrcs, ReadOnlySpan<byte> reason, out int written)
    {
        written = 0;
        if (ssrcs.Length > 31 || reason.Length > 255) return false;
        int end = 4 + ssrcs.Length * 4 + (reason.IsEmpty ? 0 : 1 + reason.Length);
        int length = (end + 3) & ~3;
        if (destination.Length < length) return false;
        RtcpHeader.Write(destination, ssrcs.Length, RtcpPacketType.Goodbye, length);
        for (int i = 0; i < ssrcs.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4 + i * 4), ssrcs[i]);
        }
        if (!reason.IsEmpty)
        {
            int at = 4 + ssrcs.Length * 4;
            destination[at] = (byte)reason.Length;
            reason.CopyTo(destination.Slice(at + 1));
        }
        destination.Slice(end, length - end).Clear();
        written = length;
        return true;
    }
}

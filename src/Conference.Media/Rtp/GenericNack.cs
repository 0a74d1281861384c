using System.Buffers.Binary;

namespace Conference.Media.Rtp;

/// <summary>Generic NACK (RFC 4585 §6.2.1): items of PID (first lost seq) + BLP (bitmask of the 16 following).</summary>
public readonly ref struct GenericNack
{
    private readonly ReadOnlySpan<byte> _fci;

    private GenericNack(uint senderSsrc, uint mediaSsrc, ReadOnlySpan<byte> fci)
    {
        SenderSsrc = senderSsrc;
        MediaSsrc = mediaSsrc;
        _fci = fci;
    }

    public uint SenderSsrc { get; }
    public uint MediaSsrc { get; }
    public int ItemCount => _fci.Length / 4;

    public static bool TryParse(ReadOnlySpan<byte> packet, out GenericNack nack)
    {
        nack = default;
        if (!RtcpFeedbackPacket.TryParse(packet, out var fb) ||
            !fb.Is(RtcpPacketType.TransportFeedback, RtcpFeedbackFormat.GenericNack) ||
            fb.Fci.Length < 4)
        {
            return false;
        }
        nack = new GenericNack(fb.SenderSsrc, fb.MediaSsrc, fb.Fci.Slice(0, fb.Fci.Length & ~3));
        return true;
    }

    /// <summary>
    /// Expands every item into the sequence numbers it reports lost, in packet order. Returns how many were
    /// written; stops early when the destination is full (17 × ItemCount always suffices).
    /// </summary>
    public int GetLostSequenceNumbers(Span<ushort> destination)
    {
        int count = 0;
        for (int i = 0; i + 4 <= _fci.Length; i += 4)
        {
            ushort pid = BinaryPrimitives.ReadUInt16BigEndian(_fci.Slice(i));
            ushort blp = BinaryPrimitives.ReadUInt16BigEndian(_fci.Slice(i + 2));
            if (count == destination.Length) return count;
            destination[count++] = pid;
            for (int bit = 0; bit < 16; bit++)
            {
                // RFC 4585 §6.2.1: bit i of BLP (LSB = 0) reports packet PID + i + 1.
                if ((blp & (1 << bit)) == 0) continue;
                if (count == destination.Length) return count;
                destination[count++] = (ushort)(pid + bit + 1);
            }
        }
        return count;
    }

    /// <summary>Bytes needed to NACK the given sequence numbers (ascending, modulo 2^16).</summary>
    public static int GetLength(ReadOnlySpan<ushort> lost) => RtcpFeedbackPacket.FixedLength + 4 * CountItems(lost);

    /// <summary>Packs ascending (modulo 2^16) lost sequence numbers into PID/BLP items.</summary>
    public static bool TryWrite(Span<byte> destination, uint senderSsrc, uint mediaSsrc, ReadOnlySpan<ushort> lost, out int written)
    {
        written = 0;
        if (lost.IsEmpty) return false;
        int length = GetLength(lost);
        if (destination.Length < length || length / 4 - 1 > ushort.MaxValue) return false;
        RtcpFeedbackPacket.WriteFixed(destination, RtcpPacketType.TransportFeedback, RtcpFeedbackFormat.GenericNack, length, senderSsrc, mediaSsrc);
        int offset = RtcpFeedbackPacket.FixedLength;
        int i = 0;
        while (i < lost.Length)
        {
            ushort pid = lost[i++];
            ushort blp = 0;
            while (i < lost.Length)
            {
                int distance = (ushort)(lost[i] - pid);
                if (distance == 0) { i++; continue; } // duplicate
                if (distance > 16) break;
                blp |= (ushort)(1 << (distance - 1));
                i++;
            }
            BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(offset), pid);
            BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(offset + 2), blp);
            offset += 4;
        }
        written = length;
        return true;
    }

    private static int CountItems(ReadOnlySpan<ushort> lost)
    {
        int items = 0, i = 0;
        while (i < lost.Length)
        {
            ushort pid = lost[i++];
            while (i < lost.Length && (ushort)(lost[i] - pid) <= 16) i++;
            items++;
        }
        return items;
    }
}

using System.Buffers.Binary;

namespace Conference.Media.Rtp;

/// <summary>
/// REMB (draft-alvestrand-rmcat-remb-03 §2.2): application-layer PSFB with "REMB", an SSRC count,
/// a bitrate as 18-bit mantissa × 2^(6-bit exponent), and the SSRCs the estimate applies to.
/// </summary>
public readonly ref struct ReceiverEstimatedMaxBitrate
{
    private static ReadOnlySpan<byte> Identifier => "REMB"u8;
    private readonly ReadOnlySpan<byte> _ssrcs;

    private ReceiverEstimatedMaxBitrate(uint senderSsrc, ulong bitrate, ReadOnlySpan<byte> ssrcs)
    {
        SenderSsrc = senderSsrc;
        Bitrate = bitrate;
        _ssrcs = ssrcs;
    }

    public uint SenderSsrc { get; }

    /// <summary>Estimated maximum total bitrate in bits per second.</summary>
    public ulong Bitrate { get; }

    public int SsrcCount => _ssrcs.Length / 4;

    public uint GetSsrc(int index)
    {
        if ((uint)index >= (uint)SsrcCount) throw new ArgumentOutOfRangeException(nameof(index));
        return BinaryPrimitives.ReadUInt32BigEndian(_ssrcs.Slice(index * 4));
    }

    public static bool TryParse(ReadOnlySpan<byte> packet, out ReceiverEstimatedMaxBitrate remb)
    {
        remb = default;
        if (!RtcpFeedbackPacket.TryParse(packet, out var fb) ||
            !fb.Is(RtcpPacketType.PayloadSpecificFeedback, RtcpFeedbackFormat.ApplicationLayer))
        {
            return false;
        }
        var fci = fb.Fci;
        if (fci.Length < 8 || !fci.Slice(0, 4).SequenceEqual(Identifier)) return false;
        int count = fci[4];
        if (fci.Length < 8 + count * 4) return false;
        int exponent = fci[5] >> 2;
        ulong mantissa = (ulong)((fci[5] & 0x03) << 16 | fci[6] << 8 | fci[7]);
        ulong bitrate = mantissa << exponent;
        if (exponent > 0 && bitrate >> exponent != mantissa) return false; // overflow: not a real estimate
        remb = new ReceiverEstimatedMaxBitrate(fb.SenderSsrc, bitrate, fci.Slice(8, count * 4));
        return true;
    }

    public static bool TryWrite(Span<byte> destination, uint senderSsrc, ulong bitrate, ReadOnlySpan<uint> ssrcs, out int written)
    {
        written = 0;
        int length = RtcpFeedbackPacket.FixedLength + 8 + ssrcs.Length * 4;
        if (ssrcs.Length > 255 || destination.Length < length) return false;
        int exponent = 0;
        while (bitrate >> exponent > 0x3FFFF) exponent++; // smallest exponent whose mantissa fits in 18 bits (loses low bits)
        uint mantissa = (uint)(bitrate >> exponent);
        // draft-alvestrand-rmcat-remb-03 §2.2: media source SSRC is always 0.
        RtcpFeedbackPacket.WriteFixed(destination, RtcpPacketType.PayloadSpecificFeedback,
            RtcpFeedbackFormat.ApplicationLayer, length, senderSsrc, 0);
        var fci = destination.Slice(RtcpFeedbackPacket.FixedLength);
        Identifier.CopyTo(fci);
        fci[4] = (byte)ssrcs.Length;
        fci[5] = (byte)(exponent << 2 | (int)(mantissa >> 16));
        fci[6] = (byte)(mantissa >> 8);
        fci[7] = (byte)mantissa;
        for (int i = 0; i < ssrcs.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(fci.Slice(8 + i * 4), ssrcs[i]);
        }
        written = length;
        return true;
    }
}

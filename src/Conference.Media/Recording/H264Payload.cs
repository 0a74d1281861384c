using System.Buffers.Binary;

namespace Conference.Media.Recording;

/// <summary>
/// RFC 6184 depacketisation (packetization-mode 0 and 1): a single NAL unit packet (types 1–23), STAP-A (24: NAL
/// units with 16-bit sizes) and FU-A (28: one NAL unit in fragments). The frame is written as Matroska's
/// V_MPEG4/ISO/AVC wants it (ISO/IEC 14496-15): each NAL unit after its 4-byte big-endian length. STAP-B, MTAP and
/// FU-B (interleaved mode, which WebRTC does not negotiate) are not valid here.
/// </summary>
internal static class H264Payload
{
    public const int StapA = 24, FuA = 28;
    public const int NalIdr = 5, NalSps = 7, NalPps = 8;

    /// <summary>
    /// What the packet says about the frame: a FU-A fragment other than the first continues a NAL unit (it cannot
    /// begin a frame); a fragment with the E bit ends its NAL unit (the frame ends at the RTP marker). Keyframe: the
    /// packet carries (the start of) an IDR slice.
    /// </summary>
    public static PayloadDescriptor Parse(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty || (payload[0] & 0x80) != 0) return default; // forbidden_zero_bit
        int type = payload[0] & 0x1F;
        switch (type)
        {
            case >= 1 and <= 23:
                return new PayloadDescriptor(true, 0, true, false, type == NalIdr);
            case StapA:
                bool idr = false;
                for (int offset = 1; offset < payload.Length;)
                {
                    if (offset + 2 > payload.Length) return default;
                    int size = BinaryPrimitives.ReadUInt16BigEndian(payload[offset..]);
                    offset += 2;
                    if (size == 0 || offset + size > payload.Length) return default;
                    idr |= (payload[offset] & 0x1F) == NalIdr;
                    offset += size;
                }
                return new PayloadDescriptor(true, 0, true, false, idr);
            case FuA:
                if (payload.Length < 3) return default;
                bool start = (payload[1] & 0x80) != 0, end = (payload[1] & 0x40) != 0;
                if (start && end) return default; // RFC 6184 §5.8: not both
                return new PayloadDescriptor(true, 0, start, false, start && (payload[1] & 0x1F) == NalIdr);
            default:
                return default;
        }
    }

    /// <summary>
    /// Appends the packet's NAL unit(s) to <paramref name="frame"/> in length-prefixed form. A FU-A start writes a
    /// placeholder length that each later fragment grows (<paramref name="openNal"/>: where that length is, or -1).
    /// False when the packet does not fit what is open (a fragment without its start).
    /// </summary>
    public static bool Append(ReadOnlySpan<byte> payload, FrameBuffer frame, ref int openNal)
    {
        int type = payload[0] & 0x1F;
        switch (type)
        {
            case StapA:
                openNal = -1;
                for (int offset = 1; offset < payload.Length;)
                {
                    int size = BinaryPrimitives.ReadUInt16BigEndian(payload[offset..]);
                    offset += 2;
                    WriteNal(frame, payload.Slice(offset, size));
                    offset += size;
                }
                return true;
            case FuA:
                bool start = (payload[1] & 0x80) != 0, end = (payload[1] & 0x40) != 0;
                if (start)
                {
                    openNal = frame.Length;
                    BinaryPrimitives.WriteInt32BigEndian(frame.Reserve(4), 1);
                    frame.Reserve(1)[0] = (byte)((payload[0] & 0xE0) | (payload[1] & 0x1F)); // F|NRI of the indicator, type of the FU header
                }
                else if (openNal < 0) return false;
                payload[2..].CopyTo(frame.Reserve(payload.Length - 2));
                BinaryPrimitives.WriteInt32BigEndian(frame.Bytes.Slice(openNal, 4), frame.Length - openNal - 4);
                if (end) openNal = -1;
                return true;
            default:
                openNal = -1;
                WriteNal(frame, payload);
                return true;
        }
    }

    private static void WriteNal(FrameBuffer frame, ReadOnlySpan<byte> nal)
    {
        BinaryPrimitives.WriteInt32BigEndian(frame.Reserve(4), nal.Length);
        nal.CopyTo(frame.Reserve(nal.Length));
    }

    /// <summary>The first SPS and PPS in a length-prefixed frame (Chrome sends them in a STAP-A before each IDR).</summary>
    public static void FindParameterSets(ReadOnlySpan<byte> frame, ref byte[]? sps, ref byte[]? pps)
    {
        for (int offset = 0; offset + 4 < frame.Length;)
        {
            int size = BinaryPrimitives.ReadInt32BigEndian(frame[offset..]);
            offset += 4;
            if (size <= 0 || offset + size > frame.Length) return;
            var nal = frame.Slice(offset, size);
            switch (nal[0] & 0x1F)
            {
                case NalSps: sps = nal.ToArray(); break;
                case NalPps: pps = nal.ToArray(); break;
            }
            offset += size;
        }
    }

    /// <summary>ISO/IEC 14496-15 §5.3.3.1 AVCDecoderConfigurationRecord: Matroska's CodecPrivate for V_MPEG4/ISO/AVC.</summary>
    public static byte[] DecoderConfiguration(ReadOnlySpan<byte> sps, ReadOnlySpan<byte> pps)
    {
        var record = new byte[11 + sps.Length + pps.Length];
        record[0] = 1; // configurationVersion
        record[1] = sps[1]; // AVCProfileIndication
        record[2] = sps[2]; // profile_compatibility
        record[3] = sps[3]; // AVCLevelIndication
        record[4] = 0xFF; // reserved (6 bits) | lengthSizeMinusOne = 3
        record[5] = 0xE1; // reserved (3 bits) | numOfSequenceParameterSets = 1
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(6), (ushort)sps.Length);
        sps.CopyTo(record.AsSpan(8));
        int offset = 8 + sps.Length;
        record[offset] = 1; // numOfPictureParameterSets
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(offset + 1), (ushort)pps.Length);
        pps.CopyTo(record.AsSpan(offset + 3));
        return record;
    }
}

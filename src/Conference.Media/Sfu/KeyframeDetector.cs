using System.Buffers.Binary;

namespace Conference.Media.Sfu;

/// <summary>
/// Tells whether an RTP payload starts a keyframe, so a new subscriber (or a simulcast switch) begins
/// where the decoder can. Reads only the payload descriptor and the first codec header bytes; never throws.
/// </summary>
public static class KeyframeDetector
{
    public static bool IsKeyframeStart(VideoCodec codec, ReadOnlySpan<byte> payload) => codec switch
    {
        VideoCodec.Vp8 => IsVp8KeyframeStart(payload),
        VideoCodec.Vp9 => IsVp9KeyframeStart(payload),
        VideoCodec.H264 => IsH264KeyframeStart(payload),
        _ => false,
    };

    /// <summary>
    /// RFC 7741 §4.2: skip the payload descriptor (X → I/L/T/K → PictureID of 7 or 15 bits, TL0PICIDX,
    /// TID/KEYIDX); the frame starts when S=1 and PID=0, and §4.3: the P bit (bit 0 of the first
    /// payload-header byte) is 0 for a key frame.
    /// </summary>
    public static bool IsVp8KeyframeStart(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty) return false;
        byte first = payload[0];
        bool start = (first & 0x10) != 0;
        int partition = first & 0x07;
        if (!start || partition != 0) return false;
        int offset = 1;
        if ((first & 0x80) != 0)
        {
            if (payload.Length <= offset) return false;
            byte extension = payload[offset++];
            if ((extension & 0x80) != 0) // I: PictureID, M bit selects 15 bits
            {
                if (payload.Length <= offset) return false;
                offset += (payload[offset] & 0x80) != 0 ? 2 : 1;
            }
            if ((extension & 0x40) != 0) offset++;      // L: TL0PICIDX
            if ((extension & 0x30) != 0) offset++;      // T or K: TID|Y|KEYIDX
        }
        return offset < payload.Length && (payload[offset] & 0x01) == 0;
    }

    /// <summary>
    /// RFC 9628 §4.2: byte 0 is I|P|L|F|B|E|V|Z. A keyframe starts with B=1 and P=0 (not inter-predicted);
    /// with layer indices (L) only spatial layer 0 starts the picture the decoder can use.
    /// </summary>
    public static bool IsVp9KeyframeStart(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty) return false;
        byte first = payload[0];
        bool interPredicted = (first & 0x40) != 0;
        bool beginning = (first & 0x08) != 0;
        if (interPredicted || !beginning) return false;
        if ((first & 0x20) == 0) return true;
        int offset = 1;
        if ((first & 0x80) != 0)
        {
            if (payload.Length <= offset) return false;
            offset += (payload[offset] & 0x80) != 0 ? 2 : 1;
        }
        if (payload.Length <= offset) return false;
        int spatialId = (payload[offset] >> 1) & 0x07;
        return spatialId == 0;
    }

    /// <summary>
    /// RFC 6184 §5.3/§5.7/§5.8: an IDR slice (NAL type 5) or an SPS (7) as a single NAL unit, inside a STAP-A (24),
    /// or in the first fragment (S bit) of an FU-A (28). Browsers send SPS+PPS+IDR in one STAP-A.
    /// </summary>
    public static bool IsH264KeyframeStart(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty) return false;
        int type = payload[0] & 0x1F;
        switch (type)
        {
            case 24:
                for (int offset = 1; offset + 2 < payload.Length;)
                {
                    int size = BinaryPrimitives.ReadUInt16BigEndian(payload.Slice(offset));
                    offset += 2;
                    if (size == 0 || offset + size > payload.Length) return false;
                    if (IsKeyNal(payload[offset] & 0x1F)) return true;
                    offset += size;
                }
                return false;
            case 28:
                return payload.Length >= 2 && (payload[1] & 0x80) != 0 && IsKeyNal(payload[1] & 0x1F);
            default:
                return IsKeyNal(type);
        }

        static bool IsKeyNal(int nalType) => nalType is 5 or 7;
    }
}

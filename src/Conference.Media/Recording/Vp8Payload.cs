namespace Conference.Media.Recording;

/// <summary>RFC 7741 §4.2 VP8 payload descriptor; §4.3 / RFC 6386 §9.1 frame tag and key frame dimensions.</summary>
internal static class Vp8Payload
{
    public static PayloadDescriptor Parse(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty) return default;
        byte first = payload[0];
        int offset = 1;
        if ((first & 0x80) != 0)
        {
            if (payload.Length <= offset) return default;
            byte extension = payload[offset++];
            if ((extension & 0x80) != 0) // I: PictureID, 7 or 15 bits (M)
            {
                if (payload.Length <= offset) return default;
                offset += (payload[offset] & 0x80) != 0 ? 2 : 1;
            }
            if ((extension & 0x40) != 0) offset++; // L: TL0PICIDX
            if ((extension & 0x30) != 0) offset++; // T/K: TID|Y|KEYIDX
        }
        if (offset >= payload.Length) return default;
        bool start = (first & 0x10) != 0 && (first & 0x07) == 0;
        bool key = start && (payload[offset] & 0x01) == 0;
        return new PayloadDescriptor(true, offset, start, false, key);
    }

    /// <summary>RFC 6386 §9.1: a key frame's 3-byte tag, start code 9D 01 2A, then 14-bit width and height (little endian).</summary>
    public static bool TryReadDimensions(ReadOnlySpan<byte> frame, out int width, out int height)
    {
        width = height = 0;
        if (frame.Length < 10 || (frame[0] & 0x01) != 0 || frame[3] != 0x9D || frame[4] != 0x01 || frame[5] != 0x2A) return false;
        width = (frame[6] | frame[7] << 8) & 0x3FFF;
        height = (frame[8] | frame[9] << 8) & 0x3FFF;
        return width > 0 && height > 0;
    }
}

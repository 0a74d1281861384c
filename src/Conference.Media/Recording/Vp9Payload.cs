namespace Conference.Media.Recording;

/// <summary>RFC 9628 §4.2 VP9 payload descriptor, and the key frame size from the uncompressed header (VP9 spec §6.2).</summary>
internal static class Vp9Payload
{
    public static PayloadDescriptor Parse(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty) return default;
        byte first = payload[0]; // I|P|L|F|B|E|V|Z
        bool picId = (first & 0x80) != 0, inter = (first & 0x40) != 0, layers = (first & 0x20) != 0, flexible = (first & 0x10) != 0;
        bool begin = (first & 0x08) != 0, end = (first & 0x04) != 0, ss = (first & 0x02) != 0;
        int offset = 1;
        int spatial = 0;
        if (picId)
        {
            if (payload.Length <= offset) return default;
            offset += (payload[offset] & 0x80) != 0 ? 2 : 1;
        }
        if (layers)
        {
            if (payload.Length <= offset) return default;
            spatial = (payload[offset] >> 1) & 0x07;
            offset += flexible ? 1 : 2; // non-flexible mode adds TL0PICIDX
        }
        if (flexible && inter)
        {
            for (int i = 0; i < 3; i++) // up to three P_DIFF octets, N bit continues
            {
                if (payload.Length <= offset) return default;
                if ((payload[offset++] & 0x01) == 0) break;
            }
        }
        if (ss && !TrySkipScalabilityStructure(payload, ref offset)) return default;
        if (offset > payload.Length) return default;
        return new PayloadDescriptor(true, offset, begin, end, begin && !inter && spatial == 0);
    }

    /// <summary>RFC 9628 §4.2.1: N_S|Y|G, optional WIDTH/HEIGHT per layer, optional picture group description.</summary>
    private static bool TrySkipScalabilityStructure(ReadOnlySpan<byte> payload, ref int offset)
    {
        if (payload.Length <= offset) return false;
        byte header = payload[offset++];
        int layers = (header >> 5) + 1;
        if ((header & 0x10) != 0) offset += 4 * layers;
        if ((header & 0x08) != 0)
        {
            if (payload.Length <= offset) return false;
            int pictures = payload[offset++];
            for (int i = 0; i < pictures; i++)
            {
                if (payload.Length <= offset) return false;
                int references = (payload[offset] >> 2) & 0x03;
                offset += 1 + references;
            }
        }
        return offset <= payload.Length;
    }

    /// <summary>VP9 bitstream spec §6.2: frame marker, profile, key frame, sync code, color config, frame size.</summary>
    public static bool TryReadDimensions(ReadOnlySpan<byte> frame, out int width, out int height)
    {
        width = height = 0;
        var bits = new BitReader(frame);
        if (bits.Read(2) != 2) return false;
        int profile = bits.Read(1) | bits.Read(1) << 1;
        if (profile == 3) bits.Read(1);
        if (bits.Read(1) == 1) return false; // show_existing_frame
        if (bits.Read(1) != 0) return false; // frame_type: 0 = key frame
        bits.Read(2); // show_frame, error_resilient_mode
        if (bits.Read(24) != 0x498342) return false;
        if (profile >= 2) bits.Read(1); // ten_or_twelve_bit
        int colorSpace = bits.Read(3);
        if (colorSpace != 7) // not CS_RGB
        {
            bits.Read(1);
            if (profile is 1 or 3) bits.Read(3);
        }
        else if (profile is 1 or 3) bits.Read(1);
        width = bits.Read(16) + 1;
        height = bits.Read(16) + 1;
        return !bits.Overrun;
    }

    private ref struct BitReader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _position;

        public bool Overrun { get; private set; }

        public int Read(int count)
        {
            int value = 0;
            for (int i = 0; i < count; i++)
            {
                int index = _position >> 3;
                if (index >= _data.Length)
                {
                    Overrun = true;
                    return 0;
                }
                value = value << 1 | (_data[index] >> (7 - (_position & 7)) & 1);
                _position++;
            }
            return value;
        }
    }
}

namespace Conference.Media.Recording;

/// <summary>
/// The picture size from an H.264 sequence parameter set (ITU-T H.264 §7.3.2.1.1): macroblock counts, frame/field
/// coding and the cropping window. Emulation-prevention bytes (00 00 03) are skipped while reading.
/// </summary>
internal static class H264Sps
{
    public static bool TryReadDimensions(ReadOnlySpan<byte> sps, out int width, out int height)
    {
        width = height = 0;
        if (sps.Length < 4 || (sps[0] & 0x1F) != H264Payload.NalSps) return false;
        var bits = new RbspReader(sps[1..]);
        int profile = bits.Read(8);
        bits.Read(16); // constraint flags, reserved bits, level_idc
        bits.ReadUe(); // seq_parameter_set_id
        int chromaFormat = 1;
        bool separateColourPlanes = false;
        if (profile is 100 or 110 or 122 or 244 or 44 or 83 or 86 or 118 or 128 or 138 or 139 or 134 or 135)
        {
            chromaFormat = bits.ReadUe();
            if (chromaFormat == 3) separateColourPlanes = bits.Read(1) == 1;
            bits.ReadUe(); // bit_depth_luma_minus8
            bits.ReadUe(); // bit_depth_chroma_minus8
            bits.Read(1); // qpprime_y_zero_transform_bypass_flag
            if (bits.Read(1) == 1) // seq_scaling_matrix_present_flag
            {
                for (int i = 0; i < (chromaFormat != 3 ? 8 : 12); i++)
                    if (bits.Read(1) == 1) SkipScalingList(ref bits, i < 6 ? 16 : 64);
            }
        }
        bits.ReadUe(); // log2_max_frame_num_minus4
        int pocType = bits.ReadUe();
        if (pocType == 0) bits.ReadUe(); // log2_max_pic_order_cnt_lsb_minus4
        else if (pocType == 1)
        {
            bits.Read(1); // delta_pic_order_always_zero_flag
            bits.ReadSe(); // offset_for_non_ref_pic
            bits.ReadSe(); // offset_for_top_to_bottom_field
            int cycle = bits.ReadUe();
            if (cycle > 255) return false;
            for (int i = 0; i < cycle; i++) bits.ReadSe();
        }
        bits.ReadUe(); // max_num_ref_frames
        bits.Read(1); // gaps_in_frame_num_value_allowed_flag
        int widthInMbs = bits.ReadUe() + 1;
        int heightInMapUnits = bits.ReadUe() + 1;
        bool frameMbsOnly = bits.Read(1) == 1;
        if (!frameMbsOnly) bits.Read(1); // mb_adaptive_frame_field_flag
        bits.Read(1); // direct_8x8_inference_flag
        int cropLeft = 0, cropRight = 0, cropTop = 0, cropBottom = 0;
        if (bits.Read(1) == 1)
        {
            cropLeft = bits.ReadUe();
            cropRight = bits.ReadUe();
            cropTop = bits.ReadUe();
            cropBottom = bits.ReadUe();
        }
        if (bits.Overrun) return false;

        // §7.4.2.1.1: crop units depend on the chroma sampling and on field coding.
        int arrayType = separateColourPlanes ? 0 : chromaFormat;
        int subWidth = arrayType is 1 or 2 ? 2 : 1, subHeight = arrayType == 1 ? 2 : 1;
        int cropUnitX = arrayType == 0 ? 1 : subWidth;
        int cropUnitY = (arrayType == 0 ? 1 : subHeight) * (frameMbsOnly ? 1 : 2);
        width = widthInMbs * 16 - cropUnitX * (cropLeft + cropRight);
        height = heightInMapUnits * 16 * (frameMbsOnly ? 1 : 2) - cropUnitY * (cropTop + cropBottom);
        return width > 0 && height > 0;
    }

    private static void SkipScalingList(ref RbspReader bits, int size)
    {
        int last = 8, next = 8;
        for (int j = 0; j < size; j++)
        {
            if (next != 0) next = (last + bits.ReadSe() + 256) % 256;
            last = next == 0 ? last : next;
        }
    }

    /// <summary>Bits of a NAL unit's payload with emulation-prevention bytes removed; reads past the end give zeros and set <see cref="Overrun"/>.</summary>
    private ref struct RbspReader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _byte, _bit, _zeros;

        public bool Overrun { get; private set; }

        public int Read(int count)
        {
            int value = 0;
            for (int i = 0; i < count; i++) value = value << 1 | ReadBit();
            return value;
        }

        /// <summary>ue(v): Exp-Golomb (§9.1).</summary>
        public int ReadUe()
        {
            int leadingZeros = 0;
            while (ReadBit() == 0)
            {
                if (++leadingZeros > 31 || Overrun)
                {
                    Overrun = true;
                    return 0;
                }
            }
            return (int)((1u << leadingZeros) - 1 + (uint)Read(leadingZeros));
        }

        /// <summary>se(v): §9.1.1.</summary>
        public int ReadSe()
        {
            int k = ReadUe();
            return (k & 1) == 1 ? (k + 1) / 2 : -(k / 2);
        }

        private int ReadBit()
        {
            if (_bit == 0)
            {
                if (_byte < _data.Length && _zeros >= 2 && _data[_byte] == 0x03)
                {
                    _byte++; // emulation_prevention_three_byte
                    _zeros = 0;
                }
                if (_byte >= _data.Length)
                {
                    Overrun = true;
                    return 0;
                }
            }
            int bit = _data[_byte] >> (7 - _bit) & 1;
            if (++_bit == 8)
            {
                _zeros = _data[_byte] == 0 ? _zeros + 1 : 0;
                _bit = 0;
                _byte++;
            }
            return bit;
        }
    }
}

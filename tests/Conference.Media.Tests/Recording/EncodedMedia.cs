using System.Buffers.Binary;

namespace Conference.Media.Tests.Recording;

/// <summary>Frames from files ffmpeg encoded: VP8/VP9 from IVF, Opus packets from Ogg (RFC 3533 pages, RFC 7845 mapping).</summary>
internal static class EncodedMedia
{
    /// <summary>IVF: 32-byte file header, then per frame a 12-byte header (size LE32, pts LE64) and the frame.</summary>
    public static List<byte[]> ReadIvf(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var frames = new List<byte[]>();
        int offset = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(6));
        while (offset + 12 <= bytes.Length)
        {
            int size = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset));
            frames.Add(bytes.AsSpan(offset + 12, size).ToArray());
            offset += 12 + size;
        }
        return frames;
    }

    /// <summary>Ogg packets joined across lacing values; the first two (OpusHead, OpusTags) are skipped.</summary>
    public static List<byte[]> ReadOggOpus(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var packets = new List<byte[]>();
        var current = new List<byte>();
        int offset = 0;
        while (offset + 27 <= bytes.Length && bytes.AsSpan(offset, 4).SequenceEqual("OggS"u8))
        {
            int segments = bytes[offset + 26];
            int data = offset + 27 + segments;
            for (int i = 0; i < segments; i++)
            {
                int lacing = bytes[offset + 27 + i];
                current.AddRange(bytes.AsSpan(data, lacing).ToArray());
                data += lacing;
                if (lacing < 255)
                {
                    packets.Add(current.ToArray());
                    current.Clear();
                }
            }
            offset = data;
        }
        return packets.Skip(2).ToList();
    }

    /// <summary>
    /// An H.264 Annex B stream (ffmpeg -f h264) as access units, each a list of NAL units without start codes; an
    /// access unit delimiter (x264's aud=1) begins each one and is left out.
    /// </summary>
    public static List<List<byte[]>> ReadAnnexB(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var starts = new List<(int Nal, int Code)>();
        for (int i = 0; i + 3 <= bytes.Length; i++)
        {
            if (bytes[i] != 0 || bytes[i + 1] != 0) continue;
            if (bytes[i + 2] == 1) starts.Add((i + 3, i));
            else if (i + 4 <= bytes.Length && bytes[i + 2] == 0 && bytes[i + 3] == 1) starts.Add((i + 4, i));
            else continue;
            i = starts[^1].Nal - 1;
        }
        var units = new List<List<byte[]>>();
        for (int n = 0; n < starts.Count; n++)
        {
            int end = n + 1 < starts.Count ? starts[n + 1].Code : bytes.Length;
            var nal = bytes.AsSpan(starts[n].Nal, end - starts[n].Nal).ToArray();
            if ((nal[0] & 0x1F) == 9) units.Add([]); // access unit delimiter
            else units[^1].Add(nal);
        }
        return units;
    }
}

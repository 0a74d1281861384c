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
}

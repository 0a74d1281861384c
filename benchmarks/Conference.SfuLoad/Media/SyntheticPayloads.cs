using System.Buffers.Binary;

namespace Conference.SfuLoad.Media;

/// <summary>
/// Payloads the SFU forwards untouched, each carrying the time it was sent (Stopwatch ticks of this process, so the
/// subscriber in the same process can compute the added latency). Opus: marker byte + send time, then filler.
/// VP8 (RFC 7741): a one-byte payload descriptor (S bit on a frame's first packet, partition 0), a 10-byte region that
/// on the first packet is the VP8 frame header (RFC 6386 §9.1: frame tag with the key/inter bit, and for key frames
/// the start code and size) — what <c>KeyframeDetector</c> reads —, then the marker byte and send time.
/// </summary>
public static class SyntheticPayloads
{
    public const byte Marker = 0x53; // 'S'
    public const int AudioTimeOffset = 1;
    public const int VideoHeaderRegion = 10;
    public const int VideoTimeOffset = 1 + VideoHeaderRegion + 1;
    public const int MinimumAudioPayload = AudioTimeOffset + 8;
    public const int MinimumVideoPayload = VideoTimeOffset + 8;

    public static int WriteAudio(Span<byte> payload, int length, long sentAt)
    {
        length = Math.Max(length, MinimumAudioPayload);
        payload[0] = Marker;
        BinaryPrimitives.WriteInt64BigEndian(payload.Slice(AudioTimeOffset), sentAt);
        payload.Slice(MinimumAudioPayload, length - MinimumAudioPayload).Fill(0xA5);
        return length;
    }

    public static int WriteVideo(Span<byte> payload, int length, long sentAt, bool firstOfFrame, bool keyframe)
    {
        length = Math.Max(length, MinimumVideoPayload);
        payload[0] = firstOfFrame ? (byte)0x10 : (byte)0x00; // X=0, N=0, S, PID=0
        Span<byte> header = payload.Slice(1, VideoHeaderRegion);
        header.Clear();
        if (firstOfFrame)
        {
            // Frame tag, little endian: bit 0 = 0 for a key frame, version 0, show_frame = 1.
            header[0] = keyframe ? (byte)0x10 : (byte)0x11;
            if (keyframe)
            {
                header[3] = 0x9D; header[4] = 0x01; header[5] = 0x2A;          // start code
                BinaryPrimitives.WriteUInt16LittleEndian(header.Slice(6), 640); // width, no scaling
                BinaryPrimitives.WriteUInt16LittleEndian(header.Slice(8), 480); // height
            }
        }
        payload[1 + VideoHeaderRegion] = Marker;
        BinaryPrimitives.WriteInt64BigEndian(payload.Slice(VideoTimeOffset), sentAt);
        payload.Slice(MinimumVideoPayload, length - MinimumVideoPayload).Fill(0x5A);
        return length;
    }

    /// <summary>The send time in a forwarded payload of either kind, or false when it is not one of ours.</summary>
    public static bool TryReadSentAt(ReadOnlySpan<byte> payload, bool isVideo, out long sentAt)
    {
        int offset = isVideo ? VideoTimeOffset : AudioTimeOffset;
        sentAt = 0;
        if (payload.Length < offset + 8 || payload[offset - 1] != Marker) return false;
        sentAt = BinaryPrimitives.ReadInt64BigEndian(payload.Slice(offset));
        return true;
    }
}

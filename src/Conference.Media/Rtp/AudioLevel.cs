namespace Conference.Media.Rtp;

/// <summary>
/// Client-to-mixer audio level (RFC 6464 §3): V flag (voice activity) and level in -dBov, 0 (loudest) to 127 (silence).
/// </summary>
public readonly record struct AudioLevel(bool VoiceActivity, byte Level)
{
    public static bool TryRead(ReadOnlySpan<byte> value, out AudioLevel level)
    {
        // RFC 6464 §3 allows the one-byte form padded to more bytes only in the two-byte header; the level is always byte 0.
        level = default;
        if (value.IsEmpty) return false;
        level = new AudioLevel((value[0] & 0x80) != 0, (byte)(value[0] & 0x7F));
        return true;
    }

    public void Write(Span<byte> value) => value[0] = (byte)((VoiceActivity ? 0x80 : 0) | (Level & 0x7F));
}

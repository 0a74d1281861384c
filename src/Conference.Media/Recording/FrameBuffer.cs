namespace Conference.Media.Recording;

/// <summary>A growing byte buffer reused frame after frame (it grows to the largest frame seen, then stays).</summary>
internal sealed class FrameBuffer(int capacity = 256 * 1024)
{
    private byte[] _bytes = new byte[capacity];

    public int Length { get; private set; }

    public Span<byte> Bytes => _bytes.AsSpan(0, Length);

    public void Clear() => Length = 0;

    public Span<byte> Reserve(int count)
    {
        if (Length + count > _bytes.Length) Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, Length + count));
        var span = _bytes.AsSpan(Length, count);
        Length += count;
        return span;
    }
}

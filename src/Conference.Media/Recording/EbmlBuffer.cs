using System.Buffers.Binary;
using System.Text;

namespace Conference.Media.Recording;

/// <summary>
/// A growable byte buffer that writes EBML elements (RFC 8794): IDs as stored (their length marker included),
/// sizes as variable-length integers (§4), unsigned integers in the fewest octets, floats as 8 octets (§7.3).
/// Master elements get a 4-octet size (up to 256 MiB) patched when they end.
/// </summary>
internal sealed class EbmlBuffer(int capacity = 4096)
{
    private byte[] _bytes = new byte[capacity];

    public int Length { get; private set; }
    public ReadOnlySpan<byte> Written => _bytes.AsSpan(0, Length);

    public void Clear() => Length = 0;

    public void WriteId(uint id)
    {
        int octets = id > 0xFFFFFF ? 4 : id > 0xFFFF ? 3 : id > 0xFF ? 2 : 1;
        var span = Reserve(octets);
        for (int i = 0; i < octets; i++) span[i] = (byte)(id >> (8 * (octets - 1 - i)));
    }

    /// <summary>RFC 8794 §4: the fewest octets (or <paramref name="octets"/>) with the length marker.</summary>
    public void WriteSize(long size, int octets = 0)
    {
        if (octets == 0)
        {
            octets = 1;
            while (octets < 8 && size >= (1L << (7 * octets)) - 1) octets++;
        }
        WriteSizeInto(Reserve(octets), size, octets);
    }

    public static void WriteSizeInto(Span<byte> destination, long size, int octets)
    {
        ulong value = (ulong)size | (1UL << (7 * octets));
        for (int i = 0; i < octets; i++) destination[i] = (byte)(value >> (8 * (octets - 1 - i)));
    }

    public void WriteUInt(uint id, ulong value)
    {
        int octets = 1;
        while (octets < 8 && value >> (8 * octets) != 0) octets++;
        WriteId(id);
        WriteSize(octets);
        var span = Reserve(octets);
        for (int i = 0; i < octets; i++) span[i] = (byte)(value >> (8 * (octets - 1 - i)));
    }

    public void WriteFloat(uint id, double value)
    {
        WriteId(id);
        WriteSize(8);
        BinaryPrimitives.WriteDoubleBigEndian(Reserve(8), value);
    }

    public void WriteString(uint id, string value)
    {
        WriteId(id);
        WriteSize(Encoding.UTF8.GetByteCount(value));
        Encoding.UTF8.GetBytes(value, Reserve(Encoding.UTF8.GetByteCount(value)));
    }

    public void WriteBinary(uint id, ReadOnlySpan<byte> value)
    {
        WriteId(id);
        WriteSize(value.Length);
        value.CopyTo(Reserve(value.Length));
    }

    /// <summary>RFC 8794 §11.3.1: a Void element of exactly <paramref name="totalLength"/> octets (≥ 2), zero-filled.</summary>
    public void WriteVoid(int totalLength)
    {
        WriteId(MatroskaIds.Void);
        int octets = totalLength - 2 <= 126 ? 1 : 2;
        WriteSize(totalLength - 1 - octets, octets);
        Reserve(totalLength - 1 - octets).Clear();
    }

    /// <summary>Starts a master element; returns the position to pass to <see cref="EndMaster"/>.</summary>
    public int StartMaster(uint id)
    {
        WriteId(id);
        int position = Length;
        Reserve(4);
        return position;
    }

    public void EndMaster(int position) => WriteSizeInto(_bytes.AsSpan(position, 4), Length - position - 4, 4);

    public void WriteRaw(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Reserve(bytes.Length));

    public Span<byte> Reserve(int count)
    {
        if (Length + count > _bytes.Length) Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, Length + count));
        var span = _bytes.AsSpan(Length, count);
        Length += count;
        return span;
    }
}

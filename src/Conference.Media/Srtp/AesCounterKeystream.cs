using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Conference.Media.Srtp;

/// <summary>
/// AES in counter mode as SRTP defines it (RFC 3711 §4.1.1): block j of the keystream is
/// AES(k_e, IV + j) with j in the low 16 bits. Built on a cached ECB transform and reusable
/// arrays because .NET has no CTR mode and the span one-shot APIs allocate per call.
/// Not thread-safe: one instance per session direction.
/// </summary>
internal sealed class AesCounterKeystream : IDisposable
{
    private const int ChunkBlocks = 64; // 1 KiB per ECB call; a 1200-byte payload is two calls
    private readonly Aes _aes;
    private readonly ICryptoTransform _ecb;
    private readonly byte[] _counters = new byte[ChunkBlocks * 16];
    private readonly byte[] _keystream = new byte[ChunkBlocks * 16];

    public AesCounterKeystream(ReadOnlySpan<byte> key)
    {
        _aes = Aes.Create();
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;
        _aes.Key = key.ToArray();
        _ecb = _aes.CreateEncryptor();
    }

    /// <summary>XORs the keystream for <paramref name="iv"/> (16 bytes, low 16 bits zero) into <paramref name="data"/>.</summary>
    public void Apply(ReadOnlySpan<byte> iv, Span<byte> data)
    {
        int totalBlocks = (data.Length + 15) / 16;
        int block = 0;
        while (block < totalBlocks)
        {
            int blocks = Math.Min(ChunkBlocks, totalBlocks - block);
            for (int j = 0; j < blocks; j++)
            {
                Span<byte> counter = _counters.AsSpan(j * 16, 16);
                iv.CopyTo(counter);
                int value = block + j; // RFC 3711 §4.1.1: at most 2^16 blocks per packet
                counter[14] = (byte)(value >> 8);
                counter[15] = (byte)value;
            }

            _ecb.TransformBlock(_counters, 0, blocks * 16, _keystream, 0);
            int offset = block * 16;
            int length = Math.Min(blocks * 16, data.Length - offset);
            Xor(data.Slice(offset, length), _keystream.AsSpan(0, length));
            block += blocks;
        }
    }

    /// <summary>Fills <paramref name="output"/> with raw keystream (used by tests and benchmarks).</summary>
    public void Generate(ReadOnlySpan<byte> iv, Span<byte> output)
    {
        output.Clear();
        Apply(iv, output);
    }

    public void Dispose()
    {
        _ecb.Dispose();
        _aes.Dispose();
    }

    internal static void Xor(Span<byte> data, ReadOnlySpan<byte> keystream)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && data.Length >= Vector<byte>.Count)
        {
            Span<Vector<byte>> dataVectors = MemoryMarshal.Cast<byte, Vector<byte>>(data);
            ReadOnlySpan<Vector<byte>> keyVectors = MemoryMarshal.Cast<byte, Vector<byte>>(keystream);
            for (int v = 0; v < dataVectors.Length; v++)
            {
                dataVectors[v] ^= keyVectors[v];
            }

            i = dataVectors.Length * Vector<byte>.Count;
        }

        for (; i < data.Length; i++)
        {
            data[i] ^= keystream[i];
        }
    }
}

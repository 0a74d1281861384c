using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Conference.Media.Benchmarks;

/// <summary>
/// The bare AES-128-CTR primitive the SRTP code builds on: counter blocks through a cached
/// ECB transform, XORed into the data. The baseline SRTP's AES-CM cost is measured against.
/// </summary>
internal sealed class RawAesCounterMode : IDisposable
{
    private readonly Aes _aes = Aes.Create();
    private readonly ICryptoTransform _ecb;
    private readonly byte[] _counters = new byte[2048];
    private readonly byte[] _keystream = new byte[2048];

    public RawAesCounterMode(byte[] key)
    {
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;
        _aes.Key = key;
        _ecb = _aes.CreateEncryptor();
    }

    public void Apply(ReadOnlySpan<byte> iv, Span<byte> data)
    {
        int blocks = (data.Length + 15) / 16;
        for (int j = 0; j < blocks; j++)
        {
            Span<byte> counter = _counters.AsSpan(j * 16, 16);
            iv.CopyTo(counter);
            counter[14] = (byte)(j >> 8);
            counter[15] = (byte)j;
        }

        _ecb.TransformBlock(_counters, 0, blocks * 16, _keystream, 0);
        // Same vectorised XOR as the library, so the comparison is about the SRTP layer.
        Span<Vector<byte>> dataVectors = MemoryMarshal.Cast<byte, Vector<byte>>(data);
        ReadOnlySpan<Vector<byte>> keyVectors = MemoryMarshal.Cast<byte, Vector<byte>>(_keystream.AsSpan(0, data.Length));
        for (int v = 0; v < dataVectors.Length; v++)
        {
            dataVectors[v] ^= keyVectors[v];
        }

        for (int i = dataVectors.Length * Vector<byte>.Count; i < data.Length; i++)
        {
            data[i] ^= _keystream[i];
        }
    }

    public void Dispose()
    {
        _ecb.Dispose();
        _aes.Dispose();
    }
}

using System.Buffers.Binary;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Conference.Media.Srtp;

namespace Conference.Media.Benchmarks;

/// <summary>
/// SRTP protect/unprotect of a 1200-byte RTP packet (12-byte header, 1188-byte payload)
/// against the raw primitives over the same bytes. Every benchmark first copies its input
/// into the work buffer (in-place operations destroy it), so the copy cancels out.
/// Unprotect walks a ring of distinct packets because the replay window rejects repeats.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class SrtpBenchmarks
{
    private const int PacketLength = 1200;
    private const int HeaderLength = 12;
    private const int Ring = 256;
    private const uint Ssrc = 0x1234ABCD;

    private readonly byte[] _buffer = new byte[PacketLength + 64];
    private readonly byte[] _plain = new byte[PacketLength];
    private readonly byte[] _rawIv = new byte[16];
    private readonly byte[] _gcmNonce = new byte[12];
    private byte[][] _cmRing = [];
    private byte[][] _gcmRing = [];
    private byte[][] _rawGcmRing = [];
    private int _next;

    private SrtpSession _cmSender = null!;
    private SrtpSession _cmReceiver = null!;
    private SrtpSession _gcmSender = null!;
    private SrtpSession _gcmReceiver = null!;
    private RawAesCounterMode _rawCtr = null!;
    private IncrementalHash _rawHmac = null!;
    private AesGcm _rawGcm = null!;

    [GlobalSetup]
    public void Setup()
    {
        byte[] key = RandomNumberGenerator.GetBytes(16);
        byte[] cmSalt = RandomNumberGenerator.GetBytes(14);
        byte[] gcmSalt = RandomNumberGenerator.GetBytes(12);
        _cmSender = new SrtpSession(SrtpProfile.AesCm128HmacSha1_80, key, cmSalt);
        _cmReceiver = new SrtpSession(SrtpProfile.AesCm128HmacSha1_80, key, cmSalt);
        _gcmSender = new SrtpSession(SrtpProfile.AeadAes128Gcm, key, gcmSalt);
        _gcmReceiver = new SrtpSession(SrtpProfile.AeadAes128Gcm, key, gcmSalt);
        _rawCtr = new RawAesCounterMode(key);
        _rawHmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, RandomNumberGenerator.GetBytes(20));
        _rawGcm = new AesGcm(key, 16);
        RandomNumberGenerator.Fill(_plain);
        _plain[0] = 0x80;
        _plain[1] = 96;
        BinaryPrimitives.WriteUInt32BigEndian(_plain.AsSpan(8), Ssrc);
        RandomNumberGenerator.Fill(_rawIv.AsSpan(0, 14));

        using var cmRingSender = new SrtpSession(SrtpProfile.AesCm128HmacSha1_80, key, cmSalt);
        using var gcmRingSender = new SrtpSession(SrtpProfile.AeadAes128Gcm, key, gcmSalt);
        _cmRing = BuildRing(cmRingSender);
        _gcmRing = BuildRing(gcmRingSender);
        _rawGcmRing = new byte[Ring][];
        for (int i = 0; i < Ring; i++)
        {
            byte[] packet = new byte[PacketLength + 16];
            _plain.CopyTo(packet, 0);
            RawGcmEncrypt(packet, i);
            _rawGcmRing[i] = packet;
        }

        // A benchmark of a failing unprotect would measure nothing: prove the rings cycle.
        for (int i = 0; i < 2 * Ring; i++)
        {
            Require(SrtpUnprotectAesCm(), i);
        }

        _next = 0;
        for (int i = 0; i < 2 * Ring; i++)
        {
            Require(SrtpUnprotectGcm(), i);
        }

        _next = 0;
    }

    private static void Require(bool unprotected, int packet)
    {
        if (!unprotected)
        {
            throw new InvalidOperationException($"unprotect failed at packet {packet}");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _cmSender.Dispose();
        _cmReceiver.Dispose();
        _gcmSender.Dispose();
        _gcmReceiver.Dispose();
        _rawCtr.Dispose();
        _rawHmac.Dispose();
        _rawGcm.Dispose();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("AES-CM protect")]
    public int RawCtrHmacProtect()
    {
        _plain.CopyTo(_buffer, 0);
        _rawCtr.Apply(_rawIv, _buffer.AsSpan(HeaderLength, PacketLength - HeaderLength));
        return RawHmac(_buffer.AsSpan(0, PacketLength), _buffer.AsSpan(PacketLength, 10));
    }

    [Benchmark, BenchmarkCategory("AES-CM protect")]
    public int SrtpProtectAesCm()
    {
        _plain.CopyTo(_buffer, 0);
        _cmSender.TryProtectRtp(_buffer, PacketLength, out int length);
        return length;
    }

    [Benchmark(Baseline = true), BenchmarkCategory("AES-CM unprotect")]
    public bool RawHmacVerifyCtrUnprotect()
    {
        byte[] packet = _cmRing[NextSlot()];
        packet.CopyTo(_buffer, 0);
        Span<byte> tag = stackalloc byte[10];
        RawHmac(_buffer.AsSpan(0, PacketLength), tag);
        bool equal = CryptographicOperations.FixedTimeEquals(tag, _buffer.AsSpan(PacketLength, 10));
        _rawCtr.Apply(_rawIv, _buffer.AsSpan(HeaderLength, PacketLength - HeaderLength));
        return equal;
    }

    [Benchmark, BenchmarkCategory("AES-CM unprotect")]
    public bool SrtpUnprotectAesCm() => Unprotect(_cmReceiver, _cmRing);

    [Benchmark(Baseline = true), BenchmarkCategory("GCM protect")]
    public int RawAesGcmEncrypt()
    {
        _plain.CopyTo(_buffer, 0);
        RawGcmEncrypt(_buffer, 0);
        return _buffer[PacketLength];
    }

    [Benchmark, BenchmarkCategory("GCM protect")]
    public int SrtpProtectGcm()
    {
        _plain.CopyTo(_buffer, 0);
        _gcmSender.TryProtectRtp(_buffer, PacketLength, out int length);
        return length;
    }

    [Benchmark(Baseline = true), BenchmarkCategory("GCM unprotect")]
    public int RawAesGcmDecrypt()
    {
        int slot = NextSlot();
        _rawGcmRing[slot].CopyTo(_buffer, 0);
        BinaryPrimitives.WriteInt32BigEndian(_gcmNonce, slot);
        Span<byte> body = _buffer.AsSpan(HeaderLength, PacketLength - HeaderLength);
        _rawGcm.Decrypt(_gcmNonce, body, _buffer.AsSpan(PacketLength, 16), body, _buffer.AsSpan(0, HeaderLength));
        return _buffer[HeaderLength];
    }

    [Benchmark, BenchmarkCategory("GCM unprotect")]
    public bool SrtpUnprotectGcm() => Unprotect(_gcmReceiver, _gcmRing);

    private bool Unprotect(SrtpSession receiver, byte[][] ring)
    {
        int slot = NextSlot();
        if (slot == 0)
        {
            receiver.RemoveStream(Ssrc); // restart the ring's sequence numbers past the replay window
        }

        byte[] packet = ring[slot];
        packet.CopyTo(_buffer, 0);
        return receiver.TryUnprotectRtp(_buffer, packet.Length, out _);
    }

    private int NextSlot()
    {
        int slot = _next;
        _next = slot + 1 == Ring ? 0 : slot + 1;
        return slot;
    }

    private byte[][] BuildRing(SrtpSession sender)
    {
        var ring = new byte[Ring][];
        for (int i = 0; i < Ring; i++)
        {
            byte[] packet = new byte[PacketLength + 16];
            _plain.CopyTo(packet, 0);
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)i);
            sender.TryProtectRtp(packet, PacketLength, out int length);
            ring[i] = packet[..length];
        }

        return ring;
    }

    private void RawGcmEncrypt(byte[] packet, int nonce)
    {
        BinaryPrimitives.WriteInt32BigEndian(_gcmNonce, nonce);
        Span<byte> body = packet.AsSpan(HeaderLength, PacketLength - HeaderLength);
        _rawGcm.Encrypt(_gcmNonce, body, body, packet.AsSpan(PacketLength, 16), packet.AsSpan(0, HeaderLength));
    }

    private int RawHmac(ReadOnlySpan<byte> authenticated, Span<byte> tag)
    {
        Span<byte> roc = stackalloc byte[4];
        roc.Clear();
        Span<byte> hash = stackalloc byte[20];
        _rawHmac.AppendData(authenticated);
        _rawHmac.AppendData(roc);
        _rawHmac.TryGetHashAndReset(hash, out int written);
        hash.Slice(0, 10).CopyTo(tag);
        return written;
    }
}

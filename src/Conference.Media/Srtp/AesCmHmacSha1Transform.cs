using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Conference.Media.Srtp;

/// <summary>AES_CM_128_HMAC_SHA1_80 (RFC 3711 §4.1.1 encryption, §4.2.1 authentication).</summary>
internal sealed class AesCmHmacSha1Transform : SrtpTransform
{
    private const int Tag = 10;
    private readonly AesCounterKeystream _rtpCipher;
    private readonly AesCounterKeystream _rtcpCipher;
    private readonly IncrementalHash _rtpMac;
    private readonly IncrementalHash _rtcpMac;
    private readonly byte[] _rtpSalt;
    private readonly byte[] _rtcpSalt;

    public AesCmHmacSha1Transform(SrtpSessionKeys keys)
    {
        _rtpCipher = new AesCounterKeystream(keys.RtpKey);
        _rtcpCipher = new AesCounterKeystream(keys.RtcpKey);
        _rtpMac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, keys.RtpAuthKey);
        _rtcpMac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, keys.RtcpAuthKey);
        _rtpSalt = keys.RtpSalt;
        _rtcpSalt = keys.RtcpSalt;
    }

    public override int TagLength => Tag;

    public override int ProtectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, ulong index)
    {
        Span<byte> iv = stackalloc byte[16];
        BuildIv(_rtpSalt, ssrc, index, iv);
        _rtpCipher.Apply(iv, packet.Slice(headerLength, length - headerLength));
        RtpTag(packet.Slice(0, length), (uint)(index >> 16), packet.Slice(length, Tag));
        return length + Tag;
    }

    public override bool UnprotectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, ulong index)
    {
        int authenticated = length - Tag;
        Span<byte> tag = stackalloc byte[Tag];
        RtpTag(packet.Slice(0, authenticated), (uint)(index >> 16), tag);
        if (!CryptographicOperations.FixedTimeEquals(tag, packet.Slice(authenticated, Tag)))
        {
            return false;
        }

        Span<byte> iv = stackalloc byte[16];
        BuildIv(_rtpSalt, ssrc, index, iv);
        _rtpCipher.Apply(iv, packet.Slice(headerLength, authenticated - headerLength));
        return true;
    }

    public override int ProtectRtcp(Span<byte> packet, int length, uint ssrc, uint index)
    {
        Span<byte> iv = stackalloc byte[16];
        BuildIv(_rtcpSalt, ssrc, index, iv);
        _rtcpCipher.Apply(iv, packet.Slice(8, length - 8));
        BinaryPrimitives.WriteUInt32BigEndian(packet.Slice(length), 0x80000000u | index); // E = 1
        Span<byte> hash = stackalloc byte[HMACSHA1.HashSizeInBytes];
        _rtcpMac.AppendData(packet.Slice(0, length + 4));
        _rtcpMac.TryGetHashAndReset(hash, out _);
        hash.Slice(0, Tag).CopyTo(packet.Slice(length + 4));
        return length + 4 + Tag;
    }

    public override int RtcpTrailerOffset(int length) => length - Tag - 4;

    public override bool UnprotectRtcp(Span<byte> packet, int length, uint ssrc, uint index, bool encrypted)
    {
        // RFC 3711 §3.4: the tag covers header, (encrypted) body and E||index.
        int authenticated = length - Tag;
        Span<byte> hash = stackalloc byte[HMACSHA1.HashSizeInBytes];
        _rtcpMac.AppendData(packet.Slice(0, authenticated));
        _rtcpMac.TryGetHashAndReset(hash, out _);
        if (!CryptographicOperations.FixedTimeEquals(hash.Slice(0, Tag), packet.Slice(authenticated, Tag)))
        {
            return false;
        }

        if (encrypted)
        {
            Span<byte> iv = stackalloc byte[16];
            BuildIv(_rtcpSalt, ssrc, index, iv);
            _rtcpCipher.Apply(iv, packet.Slice(8, authenticated - 4 - 8));
        }

        return true;
    }

    public override void Dispose()
    {
        _rtpCipher.Dispose();
        _rtcpCipher.Dispose();
        _rtpMac.Dispose();
        _rtcpMac.Dispose();
    }

    /// <summary>RFC 3711 §4.1.1: IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16).</summary>
    internal static void BuildIv(ReadOnlySpan<byte> salt, uint ssrc, ulong index, Span<byte> iv)
    {
        iv.Clear();
        salt.CopyTo(iv);
        iv[4] ^= (byte)(ssrc >> 24);
        iv[5] ^= (byte)(ssrc >> 16);
        iv[6] ^= (byte)(ssrc >> 8);
        iv[7] ^= (byte)ssrc;
        for (int i = 0; i < 6; i++)
        {
            iv[8 + i] ^= (byte)(index >> (40 - 8 * i));
        }
    }

    /// <summary>RFC 3711 §4.2: HMAC-SHA1(authenticated portion || ROC) truncated to 80 bits.</summary>
    private void RtpTag(ReadOnlySpan<byte> authenticated, uint roc, Span<byte> tag)
    {
        Span<byte> rocBytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(rocBytes, roc);
        Span<byte> hash = stackalloc byte[HMACSHA1.HashSizeInBytes];
        _rtpMac.AppendData(authenticated);
        _rtpMac.AppendData(rocBytes);
        _rtpMac.TryGetHashAndReset(hash, out _);
        hash.Slice(0, Tag).CopyTo(tag);
    }
}

using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Conference.Media.Srtp;

/// <summary>AEAD_AES_128_GCM for SRTP/SRTCP (RFC 7714 §8-§10) with cached AesGcm instances.</summary>
internal sealed class AesGcmTransform : SrtpTransform
{
    private const int Tag = 16;
    private readonly AesGcm _rtp;
    private readonly AesGcm _rtcp;
    private readonly byte[] _rtpSalt;
    private readonly byte[] _rtcpSalt;

    public AesGcmTransform(SrtpSessionKeys keys)
    {
        _rtp = new AesGcm(keys.RtpKey, Tag);
        _rtcp = new AesGcm(keys.RtcpKey, Tag);
        _rtpSalt = keys.RtpSalt;
        _rtcpSalt = keys.RtcpSalt;
    }

    public override int TagLength => Tag;

    public override int ProtectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, ulong index)
    {
        Span<byte> nonce = stackalloc byte[12];
        BuildRtpNonce(_rtpSalt, ssrc, index, nonce);
        Span<byte> payload = packet.Slice(headerLength, length - headerLength);
        // RFC 7714 §8.2: the whole RTP header (with CSRCs and extensions) is the AAD.
        _rtp.Encrypt(nonce, payload, payload, packet.Slice(length, Tag), packet.Slice(0, headerLength));
        return length + Tag;
    }

    public override bool UnprotectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, ulong index)
    {
        Span<byte> nonce = stackalloc byte[12];
        BuildRtpNonce(_rtpSalt, ssrc, index, nonce);
        Span<byte> ciphertext = packet.Slice(headerLength, length - Tag - headerLength);
        try
        {
            _rtp.Decrypt(nonce, ciphertext, packet.Slice(length - Tag, Tag), ciphertext, packet.Slice(0, headerLength));
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            // .NET offers no TryDecrypt; forged packets pay for an exception but are dropped.
            return false;
        }
    }

    public override int ProtectRtcp(Span<byte> packet, int length, uint ssrc, uint index)
    {
        Span<byte> nonce = stackalloc byte[12];
        BuildRtcpNonce(_rtcpSalt, ssrc, index, nonce);
        uint trailer = 0x80000000u | index; // E = 1
        Span<byte> aad = stackalloc byte[12];
        packet.Slice(0, 8).CopyTo(aad);
        BinaryPrimitives.WriteUInt32BigEndian(aad.Slice(8), trailer);
        Span<byte> body = packet.Slice(8, length - 8);
        // RFC 7714 §9.2: header | ciphertext | tag | E||index; AAD = first 8 bytes || E||index.
        _rtcp.Encrypt(nonce, body, body, packet.Slice(length, Tag), aad);
        BinaryPrimitives.WriteUInt32BigEndian(packet.Slice(length + Tag), trailer);
        return length + Tag + 4;
    }

    public override int RtcpTrailerOffset(int length) => length - 4;

    public override bool UnprotectRtcp(Span<byte> packet, int length, uint ssrc, uint index, bool encrypted)
    {
        Span<byte> nonce = stackalloc byte[12];
        BuildRtcpNonce(_rtcpSalt, ssrc, index, nonce);
        ReadOnlySpan<byte> trailer = packet.Slice(length - 4, 4);
        ReadOnlySpan<byte> tag = packet.Slice(length - 4 - Tag, Tag);
        int bodyEnd = length - 4 - Tag;
        try
        {
            if (encrypted)
            {
                Span<byte> aad = stackalloc byte[12];
                packet.Slice(0, 8).CopyTo(aad);
                trailer.CopyTo(aad.Slice(8));
                Span<byte> body = packet.Slice(8, bodyEnd - 8);
                _rtcp.Decrypt(nonce, body, tag, body, aad);
                return true;
            }

            // RFC 7714 §10.2 (E = 0): everything before the tag, then E||index, is AAD.
            byte[] rented = ArrayPool<byte>.Shared.Rent(bodyEnd + 4);
            try
            {
                packet.Slice(0, bodyEnd).CopyTo(rented);
                trailer.CopyTo(rented.AsSpan(bodyEnd));
                _rtcp.Decrypt(nonce, ReadOnlySpan<byte>.Empty, tag, Span<byte>.Empty, rented.AsSpan(0, bodyEnd + 4));
                return true;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }

    public override void Dispose()
    {
        _rtp.Dispose();
        _rtcp.Dispose();
    }

    /// <summary>RFC 7714 §8.1: IV = (0x0000 || SSRC || ROC || SEQ) XOR salt.</summary>
    internal static void BuildRtpNonce(ReadOnlySpan<byte> salt, uint ssrc, ulong index, Span<byte> nonce)
    {
        nonce[0] = 0;
        nonce[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(nonce.Slice(2), ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(nonce.Slice(6), (uint)(index >> 16));
        BinaryPrimitives.WriteUInt16BigEndian(nonce.Slice(10), (ushort)index);
        XorSalt(salt, nonce);
    }

    /// <summary>RFC 7714 §9.1: IV = (0x0000 || SSRC || 0x0000 || 0 || SRTCP index) XOR salt.</summary>
    internal static void BuildRtcpNonce(ReadOnlySpan<byte> salt, uint ssrc, uint index, Span<byte> nonce)
    {
        nonce[0] = 0;
        nonce[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(nonce.Slice(2), ssrc);
        nonce[6] = 0;
        nonce[7] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(nonce.Slice(8), index & 0x7FFFFFFF);
        XorSalt(salt, nonce);
    }

    private static void XorSalt(ReadOnlySpan<byte> salt, Span<byte> nonce)
    {
        for (int i = 0; i < 12; i++)
        {
            nonce[i] ^= salt[i];
        }
    }
}

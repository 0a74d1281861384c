using System.Buffers.Binary;
using System.Security.Cryptography;
using Conference.Media.Srtp;

namespace Conference.Media.Tests.Srtp;

/// <summary>
/// SRTCP with E = 0 (authenticated, not encrypted; RFC 3711 §3.4, RFC 7714 §10.2). We never
/// send it, but peers may, so the receive path is checked against packets built by hand.
/// </summary>
public sealed class SrtcpUnencryptedTests
{
    private static readonly byte[] Key = Convert.FromHexString("000102030405060708090a0b0c0d0e0f");
    private static readonly byte[] Rtcp = Convert.FromHexString("81c8000d4d6172734e5450314e545032525450200000042a0000e9304c756e61deadbeef");

    [Fact]
    public void Gcm_AuthenticatedOnlyPacket_Verifies()
    {
        byte[] salt = Convert.FromHexString("517569642070726f2071756f");
        uint trailer = 0x5d4; // E = 0
        byte[] aad = [.. Rtcp, .. BigEndian(trailer)];
        Span<byte> nonce = stackalloc byte[12];
        AesGcmTransform.BuildRtcpNonce(salt, 0x4d617273, 0x5d4, nonce);
        var tag = new byte[16];
        using (var gcm = new AesGcm(Key, 16))
        {
            gcm.Encrypt(nonce, ReadOnlySpan<byte>.Empty, Span<byte>.Empty, tag, aad);
        }

        byte[] packet = [.. Rtcp, .. tag, .. BigEndian(trailer)];
        using var receiver = new SrtpSession(SrtpProfile.AeadAes128Gcm, new SrtpSessionKeys(Key, salt, [], Key, salt, []));

        Assert.True(receiver.TryUnprotectRtcp(packet, packet.Length, out int length));
        Assert.Equal(Rtcp, packet[..length]);
        packet[9] ^= 1;
        Assert.False(receiver.TryUnprotectRtcp(packet, packet.Length, out _));
    }

    [Fact]
    public void AesCm_AuthenticatedOnlyPacket_Verifies()
    {
        byte[] salt = new byte[14];
        byte[] authKey = Enumerable.Range(1, 20).Select(i => (byte)i).ToArray();
        uint trailer = 7; // E = 0
        byte[] authenticated = [.. Rtcp, .. BigEndian(trailer)];
        byte[] tag = HMACSHA1.HashData(authKey, authenticated)[..10];
        byte[] packet = [.. authenticated, .. tag];
        using var receiver = new SrtpSession(SrtpProfile.AesCm128HmacSha1_80, new SrtpSessionKeys(Key, salt, authKey, Key, salt, authKey));

        Assert.True(receiver.TryUnprotectRtcp(packet, packet.Length, out int length));
        Assert.Equal(Rtcp, packet[..length]);
    }

    private static byte[] BigEndian(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }
}

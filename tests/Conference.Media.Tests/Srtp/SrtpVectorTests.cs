using Conference.Media.Srtp;

namespace Conference.Media.Tests.Srtp;

/// <summary>Known answers: RFC 3711 Appendix B, RFC 7714 §16, and libsrtp's srtp_driver packet.</summary>
public sealed class SrtpVectorTests
{
    [Fact]
    public void Rfc3711_B3_KeyDerivation()
    {
        byte[] masterKey = Hex("E1F97A0D3E018BE0D64FA32C06DE4139");
        byte[] masterSalt = Hex("0EC675AD498AFEEBB6960B3AABE6");

        SrtpSessionKeys keys = SrtpSessionKeys.Derive(SrtpProfile.AesCm128HmacSha1_80, masterKey, masterSalt);

        Assert.Equal("C61E7A93744F39EE10734AFE3FF7A087", Convert.ToHexString(keys.RtpKey));
        Assert.Equal("30CBBC08863D8C85D49DB34A9AE1", Convert.ToHexString(keys.RtpSalt));
        Assert.Equal("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4", Convert.ToHexString(keys.RtpAuthKey));
    }

    [Fact]
    public void Rfc3711_B2_AesCounterModeKeystream()
    {
        byte[] sessionKey = Hex("2B7E151628AED2A6ABF7158809CF4F3C");
        byte[] sessionSalt = Hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD");
        Span<byte> iv = stackalloc byte[16];
        AesCmHmacSha1Transform.BuildIv(sessionSalt, ssrc: 0, index: 0, iv);
        Assert.Equal("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000", Convert.ToHexString(iv));
        var keystream = new byte[0xFF02 * 16];

        using var cipher = new AesCounterKeystream(sessionKey);
        cipher.Generate(iv, keystream);

        Assert.Equal("E03EAD0935C95E80E166B16DD92B4EB4", Block(keystream, 0x0000));
        Assert.Equal("D23513162B02D0F72A43A2FE4A5F97AB", Block(keystream, 0x0001));
        Assert.Equal("41E95B3BB0A2E8DD477901E4FCA894C0", Block(keystream, 0x0002));
        Assert.Equal("EC8CDF7398607CB0F2D21675EA9EA1E4", Block(keystream, 0xFEFF));
        Assert.Equal("362B7C3C6773516318A077D7FC5073AE", Block(keystream, 0xFF00));
        Assert.Equal("6A2CC3787889374FBEB4C81B17BA6C44", Block(keystream, 0xFF01));
    }

    [Fact]
    public void LibsrtpDriverVector_AesCm128HmacSha1_80_ProtectsAndUnprotects()
    {
        byte[] masterKey = Hex("e1f97a0d3e018be0d64fa32c06de4139");
        byte[] masterSalt = Hex("0ec675ad498afeebb6960b3aabe6");
        byte[] plain = Hex("800f1234decafbadcafebabeabababababababababababababababab");
        byte[] expected = Hex("800f1234decafbadcafebabe4e55dc4ce79978d88ca4d215949d2402b78d6acc99ea179b8dbb");
        var buffer = new byte[64];
        plain.CopyTo(buffer, 0);

        using var sender = new SrtpSession(SrtpProfile.AesCm128HmacSha1_80, masterKey, masterSalt);
        Assert.True(sender.TryProtectRtp(buffer, plain.Length, out int protectedLength));
        Assert.Equal(expected, buffer[..protectedLength]);

        using var receiver = new SrtpSession(SrtpProfile.AesCm128HmacSha1_80, masterKey, masterSalt);
        Assert.True(receiver.TryUnprotectRtp(buffer, protectedLength, out int plainLength));
        Assert.Equal(plain, buffer[..plainLength]);
    }

    [Fact]
    public void Rfc7714_16_1_GcmRtp()
    {
        byte[] plain = Hex("8040f17b8041f8d35501a0b247616c6c696120657374206f6d6e69732064697669736120696e207061727465732074726573");
        byte[] expected = Hex(
            "8040f17b8041f8d35501a0b2f24de3a3fb34de6cacba861c9d7e4bcabe633bd50d294e6f42a5f47a51c7d19b36de3adf8833899d7f27beb16a9152cf765ee4390cce");
        var buffer = new byte[128];
        plain.CopyTo(buffer, 0);

        using SrtpSession sender = GcmVectorSession();
        Assert.True(sender.TryProtectRtp(buffer, plain.Length, out int protectedLength));
        Assert.Equal(expected, buffer[..protectedLength]);

        using SrtpSession receiver = GcmVectorSession();
        Assert.True(receiver.TryUnprotectRtp(buffer, protectedLength, out int plainLength));
        Assert.Equal(plain, buffer[..plainLength]);
    }

    [Fact]
    public void Rfc7714_16_1_GcmRtp_TamperedCiphertextFailsAuthentication()
    {
        byte[] packet = Hex(
            "8040f17b8041f8d35501a0b2f24de3a3fb34de6cacba861c9d7e4bcabe633bd50d294e6f42a5f47a51c7d19b36de3adf8833899d7f27beb16a9152cf765ee4390cce");
        packet[20] ^= 1;

        using SrtpSession receiver = GcmVectorSession();
        Assert.False(receiver.TryUnprotectRtp(packet, packet.Length, out _));
        Assert.Equal(1, receiver.Statistics.AuthenticationFailures);
    }

    [Fact]
    public void Rfc7714_GcmRtcp_SenderReportWithIndex0x5d4()
    {
        byte[] plain = Hex("81c8000d4d6172734e5450314e545032525450200000042a0000e9304c756e61deadbeefdeadbeefdeadbeefdeadbeefdeadbeef");
        byte[] expected = Hex(
            "81c8000d4d61727363e94885dcdab67ca727d7662f6b7e997ff5c0f76c06f32dc676a5f1730d6fda4ce09b4686303ded0bb9275bc84aa45896cf4d2fc5abf87245d9eade800005d4");
        var buffer = new byte[128];
        plain.CopyTo(buffer, 0);

        using SrtpSession sender = GcmVectorSession();
        sender.SetNextRtcpIndex(0x4d617273, 0x5d4);
        Assert.True(sender.TryProtectRtcp(buffer, plain.Length, out int protectedLength));
        Assert.Equal(expected, buffer[..protectedLength]);

        using SrtpSession receiver = GcmVectorSession();
        Assert.True(receiver.TryUnprotectRtcp(buffer, protectedLength, out int plainLength));
        Assert.Equal(plain, buffer[..plainLength]);
    }

    [Fact]
    public void Rfc5764_KeyMaterialSplit_GivesEachSideTheOthersReceiveKeys()
    {
        byte[] exported = Enumerable.Range(0, 60).Select(i => (byte)i).ToArray();

        SrtpKeyMaterial client = SrtpKeyMaterial.Split(exported, SrtpProfile.AesCm128HmacSha1_80, isClient: true);
        SrtpKeyMaterial server = SrtpKeyMaterial.Split(exported, SrtpProfile.AesCm128HmacSha1_80, isClient: false);

        Assert.Equal(exported[..16], client.LocalMasterKey);   // client_write_SRTP_master_key
        Assert.Equal(exported[16..32], server.LocalMasterKey); // server_write_SRTP_master_key
        Assert.Equal(exported[32..46], client.LocalMasterSalt);
        Assert.Equal(exported[46..60], server.LocalMasterSalt);
        Assert.Equal(client.LocalMasterKey, server.RemoteMasterKey);
        Assert.Equal(client.RemoteMasterSalt, server.LocalMasterSalt);
        Assert.Equal(56, SrtpKeyMaterial.ExportedLength(SrtpProfile.AeadAes128Gcm));
    }

    /// <summary>RFC 7714 §16 states its vectors in session keys: K_e = 00..0f, salt "Quid pro quo".</summary>
    private static SrtpSession GcmVectorSession()
    {
        byte[] key = Hex("000102030405060708090a0b0c0d0e0f");
        byte[] salt = Hex("517569642070726f2071756f");
        return new SrtpSession(SrtpProfile.AeadAes128Gcm, new SrtpSessionKeys(key, salt, [], key, salt, []));
    }

    private static string Block(byte[] keystream, int index) => Convert.ToHexString(keystream, index * 16, 16);

    private static byte[] Hex(string text) => Convert.FromHexString(text);
}

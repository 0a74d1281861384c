using System.Net;
using System.Text;
using Conference.Media.Stun;

namespace Conference.Media.Tests.Stun;

public sealed class StunMessageTests
{
    private static readonly byte[] Password = Encoding.UTF8.GetBytes(StunTestVectors.ShortTermPassword);

    [Fact]
    public void Rfc5769_SampleRequest_ParsesAttributesAndVerifiesIntegrityAndFingerprint()
    {
        Assert.True(StunMessage.TryParse(StunTestVectors.SampleRequest, out StunMessageView message));

        Assert.Equal(StunMethod.Binding, message.Method);
        Assert.Equal(StunClass.Request, message.Class);
        Assert.Equal(StunTestVectors.TransactionId, message.TransactionId.ToArray());
        Assert.True(message.TryGetUsername(out ReadOnlySpan<byte> username));
        Assert.Equal("evtj:h6vY", Encoding.UTF8.GetString(username));
        Assert.True(message.TryGetAttribute(StunAttributeType.Software, out ReadOnlySpan<byte> software));
        Assert.Equal("STUN test client", Encoding.UTF8.GetString(software));
        Assert.True(message.TryGetPriority(out uint priority));
        Assert.Equal(0x6e0001ffu, priority);
        Assert.True(message.TryGetIceControlled(out ulong tieBreaker));
        Assert.Equal(0x932ff9b151263b36UL, tieBreaker);
        Assert.False(message.TryGetIceControlling(out _));
        Assert.True(message.VerifyMessageIntegrity(Password));
        Assert.False(message.VerifyMessageIntegrity("wrong"u8));
        Assert.True(message.VerifyFingerprint());
    }

    [Fact]
    public void Rfc5769_IPv4Response_DecodesXorMappedAddress()
    {
        Assert.True(StunMessage.TryParse(StunTestVectors.SampleIPv4Response, out StunMessageView message));

        Assert.Equal(StunClass.SuccessResponse, message.Class);
        Assert.True(message.TryGetXorMappedAddress(out IPEndPoint? mapped));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853), mapped);
        Assert.True(message.VerifyMessageIntegrity(Password));
        Assert.True(message.VerifyFingerprint());
    }

    [Fact]
    public void Rfc5769_IPv6Response_DecodesXorMappedAddress()
    {
        Assert.True(StunMessage.TryParse(StunTestVectors.SampleIPv6Response, out StunMessageView message));

        Assert.True(message.TryGetXorMappedAddress(out IPEndPoint? mapped));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), 32853), mapped);
        Assert.True(message.VerifyMessageIntegrity(Password));
        Assert.True(message.VerifyFingerprint());
    }

    [Fact]
    public void Rfc5769_LongTermRequest_VerifiesWithMd5Key()
    {
        Assert.True(StunMessage.TryParse(StunTestVectors.SampleLongTermRequest, out StunMessageView message));

        Assert.True(message.TryGetUsername(out ReadOnlySpan<byte> username));
        Assert.Equal("\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9", Encoding.UTF8.GetString(username));
        Assert.True(message.TryGetAttribute(StunAttributeType.Realm, out ReadOnlySpan<byte> realm));
        Assert.Equal("example.org", Encoding.UTF8.GetString(realm));
        Assert.True(message.TryGetAttribute(StunAttributeType.Nonce, out ReadOnlySpan<byte> nonce));
        Assert.Equal("f//499k954d6OL34oL9FSTvy64sA", Encoding.UTF8.GetString(nonce));
        Assert.False(message.HasFingerprint);
        byte[] key = StunCredentials.LongTermKey(Encoding.UTF8.GetString(username), "example.org", "TheMatrIX");
        Assert.True(message.VerifyMessageIntegrity(key));
        Assert.False(message.VerifyMessageIntegrity(StunCredentials.LongTermKey("x", "example.org", "TheMatrIX")));
    }

    [Theory]
    [InlineData("192.0.2.1", "0001a147e112a643")]
    [InlineData("2001:db8:1234:5678:11:2233:4455:6677", "0002a1470113a9faa5d3f179bc25f4b5bed2b9d9")]
    public void XorAddress_EncodesLikeRfc5769Responses(string address, string expectedValue)
    {
        Span<byte> value = stackalloc byte[20];
        int length = StunXorAddress.Write(value, new IPEndPoint(IPAddress.Parse(address), 32853), StunTestVectors.TransactionId);

        Assert.Equal(expectedValue, Convert.ToHexString(value.Slice(0, length)).ToLowerInvariant());
    }

    [Fact]
    public void Writer_ReproducesRfc5769LongTermRequestByteForByte()
    {
        byte[] vector = StunTestVectors.SampleLongTermRequest;
        byte[] key = StunCredentials.LongTermKey("\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9", "example.org", "TheMatrIX");
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.Request, vector.AsSpan(8, 12));
        writer.AddUsername("\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9");
        writer.AddAttribute(StunAttributeType.Nonce, "f//499k954d6OL34oL9FSTvy64sA"u8);
        writer.AddAttribute(StunAttributeType.Realm, "example.org"u8);
        writer.AddMessageIntegrity(key);

        Assert.Equal(vector, buffer.AsSpan(0, writer.Length).ToArray());
    }

    [Theory]
    [InlineData(StunClass.Request, 0x0001)]
    [InlineData(StunClass.Indication, 0x0011)]
    [InlineData(StunClass.SuccessResponse, 0x0101)]
    [InlineData(StunClass.ErrorResponse, 0x0111)]
    public void MessageType_EncodesClassBitsPerRfc8489Section5(StunClass messageClass, int expected)
    {
        ushort type = StunMessageType.Encode(StunMethod.Binding, messageClass);

        Assert.Equal(expected, type);
        Assert.Equal(messageClass, StunMessageType.DecodeClass(type));
        Assert.Equal(StunMethod.Binding, StunMessageType.DecodeMethod(type));
    }

    [Fact]
    public void Writer_RoundTripsIceAttributesErrorCodeAndSha256Integrity()
    {
        byte[] key = "secret-password-1234"u8.ToArray();
        byte[] transactionId = Enumerable.Range(1, 12).Select(i => (byte)i).ToArray();
        var buffer = new byte[512];
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.ErrorResponse, transactionId);
        writer.AddUsername("abcd:efgh");
        writer.AddPriority(0x7E0000FF);
        writer.AddIceControlling(0x0102030405060708);
        writer.AddUseCandidate();
        writer.AddErrorCode(487, "Role Conflict");
        writer.AddUnknownAttributes([0x0031, 0x7777]);
        writer.AddXorMappedAddress(new IPEndPoint(IPAddress.Parse("2001:db8::1"), 443));
        writer.AddMessageIntegrity(key);
        writer.AddMessageIntegritySha256(key);
        writer.AddFingerprint();

        Assert.True(StunMessage.TryParse(buffer.AsSpan(0, writer.Length), out StunMessageView message));
        Assert.Equal(StunClass.ErrorResponse, message.Class);
        Assert.True(message.TryGetPriority(out uint priority));
        Assert.Equal(0x7E0000FFu, priority);
        Assert.True(message.TryGetIceControlling(out ulong tieBreaker));
        Assert.Equal(0x0102030405060708UL, tieBreaker);
        Assert.True(message.HasUseCandidate);
        Assert.True(message.TryGetErrorCode(out int code, out ReadOnlySpan<byte> reason));
        Assert.Equal(487, code);
        Assert.Equal("Role Conflict", Encoding.UTF8.GetString(reason));
        Span<ushort> unknown = stackalloc ushort[4];
        Assert.Equal(2, message.GetUnknownAttributes(unknown));
        Assert.Equal(0x7777, unknown[1]);
        Assert.True(message.TryGetXorMappedAddress(out IPEndPoint? mapped));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8::1"), 443), mapped);
        Assert.True(message.VerifyMessageIntegrity(key));
        Assert.True(message.VerifyMessageIntegritySha256(key));
        Assert.False(message.VerifyMessageIntegritySha256("other"u8));
        Assert.True(message.VerifyFingerprint());
    }

    [Fact]
    public void TamperedByte_FailsIntegrityAndFingerprint()
    {
        byte[] copy = (byte[])StunTestVectors.SampleRequest.Clone();
        copy[30] ^= 0x01; // inside SOFTWARE

        Assert.True(StunMessage.TryParse(copy, out StunMessageView message));
        Assert.False(message.VerifyMessageIntegrity(Password));
        Assert.False(message.VerifyFingerprint());
    }

    [Fact]
    public void AttributesAfterMessageIntegrity_AreIgnoredButIntegrityStillVerifies()
    {
        byte[] key = "k"u8.ToArray();
        var buffer = new byte[128];
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.Request, new byte[12]);
        writer.AddPriority(1);
        writer.AddMessageIntegrity(key);
        writer.AddUsername("late"); // an on-path attacker appending after MI
        Assert.True(StunMessage.TryParse(buffer.AsSpan(0, writer.Length), out StunMessageView message));

        Assert.False(message.TryGetUsername(out _));
        Assert.True(message.VerifyMessageIntegrity(key));
    }

    [Theory]
    [InlineData("0001000021 12a442 000000000000000000000000", true)]
    [InlineData("0001000021 12a443 000000000000000000000000", false)] // wrong cookie
    [InlineData("4001000021 12a442 000000000000000000000000", false)] // first byte > 3
    [InlineData("0001000021 12a442 0000000000000000000000", false)] // 19 bytes
    public void IsStun_DemultiplexesPerRfc7983(string hex, bool expected)
    {
        Assert.Equal(expected, StunMessage.IsStun(StunTestVectors.Hex(hex)));
    }

    [Fact]
    public void TryParse_RejectsBadFraming()
    {
        byte[] good = StunTestVectors.SampleRequest;
        Assert.False(StunMessage.TryParse(good.AsSpan(0, good.Length - 1), out _)); // truncated
        byte[] oddLength = (byte[])good.Clone();
        oddLength[3] = 0x57; // not a multiple of 4
        Assert.False(StunMessage.TryParse(oddLength, out _));
        byte[] overrun = (byte[])good.Clone();
        overrun[23] = 0xFF; // SOFTWARE length runs past the end
        Assert.False(StunMessage.TryParse(overrun, out _));
        byte[] afterFingerprint = [.. good, 0x80, 0x22, 0x00, 0x00];
        afterFingerprint[3] += 4;
        Assert.False(StunMessage.TryParse(afterFingerprint, out _));
    }

    [Fact]
    public void ParseAndVerify_DoNotAllocateAfterWarmUp()
    {
        byte[] packet = StunTestVectors.SampleRequest;
        ParseAndVerify(packet); // warm-up: static tables, JIT
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            Assert.True(ParseAndVerify(packet));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static bool ParseAndVerify(byte[] packet) =>
        StunMessage.TryParse(packet, out StunMessageView message)
        && message.TryGetUsername(out _)
        && message.VerifyMessageIntegrity(Password)
        && message.VerifyFingerprint();
}

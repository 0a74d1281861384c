using Conference.Media.Sctp;

namespace Conference.Media.Tests.Sctp;

public sealed class SctpSdpAttributesTests
{
    [Theory]
    [InlineData("5000", true, 5000)]
    [InlineData(" 5001 ", true, 5001)]
    [InlineData("0", false, 0)]
    [InlineData("65536", false, 0)]
    [InlineData("-1", false, 0)]
    [InlineData("50a0", false, 0)]
    [InlineData("", false, 0)]
    public void Sctp_port_values(string text, bool ok, int expected)
    {
        Assert.Equal(ok, SctpSdpAttributes.TryParsePort(text, out ushort port));
        Assert.Equal(expected, port);
    }

    [Theory]
    [InlineData(null, 262144, 65536)]    // absent: 64 KiB (RFC 8841 §6.1)
    [InlineData(0L, 262144, 262144)]     // 0: any size, so ours decides
    [InlineData(1073741823L, 262144, 262144)]
    [InlineData(16384L, 262144, 16384)]
    public void Effective_max_message_size(long? remote, int local, int expected) =>
        Assert.Equal(expected, SctpSdpAttributes.EffectiveMaxMessageSize(remote, local));

    [Fact]
    public void Parsers_never_throw_on_random_text_and_round_trip()
    {
        var random = new Random(8841);
        const string alphabet = "0123456789 -+.,xe\t";
        for (int i = 0; i < 10_000; i++)
        {
            string text = new(Enumerable.Range(0, random.Next(0, 25)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            if (SctpSdpAttributes.TryParsePort(text, out ushort port))
                Assert.True(SctpSdpAttributes.TryParsePort(SctpSdpAttributes.FormatPort(port), out ushort again) && again == port);
            if (SctpSdpAttributes.TryParseMaxMessageSize(text, out long size))
                Assert.True(SctpSdpAttributes.TryParseMaxMessageSize(SctpSdpAttributes.FormatMaxMessageSize(size), out long back) && back == size);
        }
    }
}

using Conference.Media.Sdp;

namespace Conference.Media.Tests.Sdp;

public sealed class IceCandidateTests
{
    [Fact]
    public void Parses_host_candidate_with_chromium_extensions()
    {
        Assert.True(IceCandidate.TryParse(
            "candidate:842163049 1 udp 1677729535 192.0.2.7 61665 typ host generation 0 ufrag EsAw network-id 1 network-cost 10",
            out var c, out var error), error);
        Assert.Equal("842163049", c.Foundation);
        Assert.Equal(1, c.Component);
        Assert.True(c.IsUdp);
        Assert.Equal(1677729535u, c.Priority);
        Assert.Equal("192.0.2.7", c.Address);
        Assert.Equal(61665, c.Port);
        Assert.Equal(IceCandidateType.Host, c.CandidateType);
        Assert.Equal(0, c.Generation);
        Assert.Equal("EsAw", c.Ufrag);
        Assert.Equal("1", c.NetworkId);
        Assert.Equal("10", c.GetExtension("network-cost"));
        Assert.Null(c.RelatedAddress);
    }

    [Fact]
    public void Parses_srflx_with_related_address_and_a_prefix()
    {
        Assert.True(IceCandidate.TryParse(
            "a=candidate:3 1 UDP 1694498815 203.0.113.5 50000 typ srflx raddr 10.0.0.2 rport 50001",
            out var c, out var error), error);
        Assert.Equal(IceCandidateType.ServerReflexive, c.CandidateType);
        Assert.True(c.IsUdp);
        Assert.Equal("10.0.0.2", c.RelatedAddress);
        Assert.Equal(50001, c.RelatedPort);
        Assert.Empty(c.Extensions);
    }

    [Fact]
    public void Parses_tcp_candidate_and_ipv6_relay()
    {
        Assert.True(IceCandidate.TryParse("candidate:4 1 tcp 1518280447 192.0.2.9 9 typ host tcptype active", out var tcp, out _));
        Assert.Equal("active", tcp.TcpType);
        Assert.False(tcp.IsUdp);

        Assert.True(IceCandidate.TryParse("candidate:5 2 udp 41885439 2001:db8::1 3478 typ relay raddr 2001:db8::2 rport 0", out var relay, out _));
        Assert.Equal(IceCandidateType.Relayed, relay.CandidateType);
        Assert.Equal(2, relay.Component);
        Assert.Equal("2001:db8::1", relay.Address);
    }

    [Theory]
    [InlineData("candidate:842163049 1 udp 1677729535 192.0.2.7 61665 typ host generation 0 ufrag EsAw network-id 1")]
    [InlineData("candidate:3 1 UDP 1694498815 203.0.113.5 50000 typ srflx raddr 10.0.0.2 rport 50001")]
    [InlineData("candidate:4 1 tcp 1518280447 192.0.2.9 9 typ host tcptype passive generation 0")]
    [InlineData("candidate:a+/b 1 udp 2122260223 3b1c8a4e-2d7f-4a4c-9a3c-1f6c2b1d0e9f.local 54321 typ host")]
    public void Writes_back_what_it_parsed(string text)
    {
        Assert.True(IceCandidate.TryParse(text, out var c, out var error), error);
        Assert.Equal(text, c.ToString());
        Assert.Equal(text.Substring("candidate:".Length), c.ToAttributeValue());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("candidate:1 1 udp 1 1.2.3.4 5 typ")]                         // missing type
    [InlineData("candidate:1 1 udp 1 1.2.3.4 5 type host")]                   // "typ" misspelt
    [InlineData("candidate:1 0 udp 1 1.2.3.4 5 typ host")]                    // component 0
    [InlineData("candidate:1 1 udp 99999999999 1.2.3.4 5 typ host")]          // priority > 2^32-1
    [InlineData("candidate:1 1 udp 1 1.2.3.4 65536 typ host")]                // port
    [InlineData("candidate:1 1 udp 1 1.2.3.4 -1 typ host")]
    [InlineData("candidate:1 1 udp 1 1.2.3.4 5 typ host generation")]         // extension without value
    [InlineData("candidate:foo_bar 1 udp 1 1.2.3.4 5 typ host")]              // '_' is not an ice-char
    [InlineData("candidate:123456789012345678901234567890123 1 udp 1 1.2.3.4 5 typ host")] // foundation > 32
    [InlineData("candidate:1 1 udp 1 1.2.3.4 5 typ srflx raddr 1.1.1.1 rport x")]
    public void Rejects_malformed_candidates(string? text)
    {
        Assert.False(IceCandidate.TryParse(text, out _, out var error));
        Assert.NotEmpty(error);
    }
}

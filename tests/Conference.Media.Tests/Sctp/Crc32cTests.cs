using System.Text;
using Conference.Media.Sctp;

namespace Conference.Media.Tests.Sctp;

public sealed class Crc32cTests
{
    // RFC 3720 Appendix B.4 CRC32c test vectors (the iSCSI CRC is the SCTP CRC32c); values as integers.
    [Fact]
    public void Rfc3720_B4_vectors()
    {
        Assert.Equal(0x8A9136AAu, Crc32c.Compute(new byte[32]));
        Assert.Equal(0x62A8AB43u, Crc32c.Compute(Enumerable.Repeat((byte)0xFF, 32).ToArray()));
        Assert.Equal(0x46DD794Eu, Crc32c.Compute(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()));
        Assert.Equal(0x113FDB5Cu, Crc32c.Compute(Enumerable.Range(0, 32).Select(i => (byte)(31 - i)).ToArray()));
    }

    [Fact]
    public void Standard_check_value() =>
        Assert.Equal(0xE3069283u, Crc32c.Compute(Encoding.ASCII.GetBytes("123456789")));
}

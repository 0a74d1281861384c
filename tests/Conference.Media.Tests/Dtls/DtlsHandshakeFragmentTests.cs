using Conference.Media.Dtls;

namespace Conference.Media.Tests.Dtls;

public sealed class DtlsHandshakeFragmentTests
{
    // A plaintext handshake record (epoch 0) with one fragment: ClientHello (type 1) of 1413 bytes, message_seq 0.
    private static byte[] Fragment(long recordSeq, int offset, int length, byte messageType = 1, int epoch = 0)
    {
        var datagram = new byte[13 + 12 + length];
        datagram[0] = 22;
        datagram[1] = 0xfe;
        datagram[2] = 0xfd;
        datagram[4] = (byte)epoch;
        datagram[10] = (byte)recordSeq;
        datagram[11] = (byte)((12 + length) >> 8);
        datagram[12] = (byte)(12 + length);
        datagram[13] = messageType;
        datagram[14] = 0;
        datagram[15] = 1413 >> 8;
        datagram[16] = 1413 & 0xff;
        datagram[19] = (byte)(offset >> 16);
        datagram[20] = (byte)(offset >> 8);
        datagram[21] = (byte)offset;
        datagram[23] = (byte)(length >> 8);
        datagram[24] = (byte)length;
        return datagram;
    }

    [Fact]
    public void A_retransmitted_fragment_is_the_same_and_the_other_half_of_a_split_client_hello_is_not()
    {
        // Chromium's ClientHello in two datagrams (the split seen in a call), then both again in new records.
        byte[] first = Fragment(0, 0, 1175), second = Fragment(1, 1175, 238);
        Assert.True(DtlsHandshakeFragment.Same(first, Fragment(2, 0, 1175)));
        Assert.True(DtlsHandshakeFragment.Same(second, Fragment(3, 1175, 238)));
        Assert.False(DtlsHandshakeFragment.Same(first, second));
        Assert.False(DtlsHandshakeFragment.Same(first, Fragment(4, 0, 1175, messageType: 11)));
    }

    [Fact]
    public void A_datagram_that_is_not_a_plaintext_handshake_record_counts_as_the_same_as_any()
    {
        Assert.True(DtlsHandshakeFragment.Same(Fragment(0, 0, 100), Fragment(1, 0, 100, epoch: 1)));
        Assert.True(DtlsHandshakeFragment.Same(Fragment(0, 0, 100), [22, 0xfe, 0xfd]));
        Assert.True(DtlsHandshakeFragment.Same([], Fragment(0, 0, 100)));
    }
}

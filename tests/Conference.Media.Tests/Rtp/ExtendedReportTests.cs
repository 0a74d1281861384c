using Conference.Media.Rtp;

namespace Conference.Media.Tests.Rtp;

public sealed class ExtendedReportTests
{
    [Fact]
    public void Receiver_reference_time_layout_matches_rfc3611()
    {
        var buffer = new byte[32];
        Assert.True(ExtendedReport.TryWriteReceiverReferenceTime(buffer, 0x01020304, 0xAABBCCDD_11223344, out int written));
        // RFC 3611 §2 header (PT 207) + SSRC, §4.4 block: BT=4, reserved, block length 2, NTP timestamp.
        Assert.Equal(new byte[]
        {
            0x80, 0xCF, 0x00, 0x04, 0x01, 0x02, 0x03, 0x04,
            0x04, 0x00, 0x00, 0x02, 0xAA, 0xBB, 0xCC, 0xDD, 0x11, 0x22, 0x33, 0x44,
        }, buffer[..written]);

        Assert.True(ExtendedReport.TryParse(buffer.AsSpan(0, written), out var xr));
        Assert.Equal(0x01020304u, xr.SenderSsrc);
        Assert.True(xr.TryReadBlock(out byte type, out var contents));
        Assert.Equal(ExtendedReport.ReceiverReferenceTimeBlock, type);
        Assert.True(ExtendedReport.TryReadReceiverReferenceTime(contents, out ulong ntp));
        Assert.Equal(0xAABBCCDD_11223344UL, ntp);
        Assert.False(xr.TryReadBlock(out _, out _));
    }

    [Fact]
    public void Dlrr_round_trips_several_items()
    {
        var buffer = new byte[64];
        DlrrItem[] items = [new(1, 0x00018000, 0x00010000), new(2, 3, 4)];
        Assert.True(ExtendedReport.TryWriteDlrr(buffer, 9, items, out int written));
        Assert.Equal(12 + 24, written);
        Assert.Equal(new byte[] { 0x05, 0x00, 0x00, 0x06 }, buffer[8..12]);
        Assert.True(ExtendedReport.TryParse(buffer.AsSpan(0, written), out var xr));
        Assert.True(xr.TryReadBlock(out byte type, out var contents));
        Assert.Equal(ExtendedReport.DlrrBlock, type);
        var read = new DlrrItem[4];
        Assert.Equal(2, ExtendedReport.ReadDlrrItems(contents, read));
        Assert.Equal(items, read[..2]);
    }

    [Fact]
    public void Block_longer_than_packet_is_rejected()
    {
        byte[] packet = [0x80, 0xCF, 0x00, 0x02, 0, 0, 0, 1, 0x04, 0x00, 0x00, 0x09];
        Assert.True(ExtendedReport.TryParse(packet, out var xr));
        Assert.False(xr.TryReadBlock(out _, out _));
    }
}

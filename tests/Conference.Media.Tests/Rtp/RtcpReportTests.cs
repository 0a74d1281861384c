using Conference.Media.Rtp;

namespace Conference.Media.Tests.Rtp;

public sealed class RtcpReportTests
{
    // RFC 3550 §6.4.1: SR with one report block; length = 12 words (52 bytes) - 1.
    private static readonly byte[] SenderReportBytes =
    [
        0x81, 0xC8, 0x00, 0x0C,
        0x11, 0x22, 0x33, 0x44,                         // sender SSRC
        0xE0, 0x00, 0x00, 0x01, 0x80, 0x00, 0x00, 0x00, // NTP 0xE0000001.80000000
        0x00, 0x01, 0x00, 0x00,                         // RTP timestamp
        0x00, 0x00, 0x00, 0x64,                         // packet count 100
        0x00, 0x00, 0x27, 0x10,                         // octet count 10000
        0x55, 0x66, 0x77, 0x88,                         // report block: SSRC
        0x40, 0xFF, 0xFF, 0xFE,                         // fraction 64/256, cumulative lost -2
        0x00, 0x01, 0x00, 0x10,                         // extended highest seq (1 cycle, seq 16)
        0x00, 0x00, 0x00, 0x20,                         // jitter
        0x12, 0x34, 0x56, 0x78,                         // LSR
        0x00, 0x01, 0x00, 0x00,                         // DLSR (1 s in 1/65536 units)
    ];

    [Fact]
    public void Parses_sender_report_against_rfc3550_layout()
    {
        Assert.True(SenderReport.TryParse(SenderReportBytes, out var sr));
        Assert.Equal(0x11223344u, sr.Ssrc);
        Assert.Equal(0xE0000001_80000000UL, sr.Info.NtpTimestamp);
        Assert.Equal(0x0001_8000u, sr.Info.CompactNtp);
        Assert.Equal(0x10000u, sr.Info.RtpTimestamp);
        Assert.Equal(100u, sr.Info.PacketCount);
        Assert.Equal(10000u, sr.Info.OctetCount);
        Assert.Equal(1, sr.ReportCount);
        var block = sr.GetReportBlock(0);
        Assert.Equal(new ReportBlock(0x55667788, 64, -2, 0x10010, 0x20, 0x12345678, 0x10000), block);
    }

    [Fact]
    public void Builds_sender_report_byte_exact()
    {
        var buffer = new byte[64];
        var info = new SenderInfo(0xE0000001_80000000UL, 0x10000, 100, 10000);
        ReportBlock[] blocks = [new(0x55667788, 64, -2, 0x10010, 0x20, 0x12345678, 0x10000)];
        Assert.True(SenderReport.TryWrite(buffer, 0x11223344, info, blocks, out int written));
        Assert.Equal(SenderReportBytes, buffer[..written]);
        Assert.False(SenderReport.TryWrite(new byte[40], 1, info, blocks, out _));
    }

    [Fact]
    public void Receiver_report_round_trips()
    {
        var buffer = new byte[100];
        ReportBlock[] blocks = [new(1, 2, 3, 4, 5, 6, 7), new(8, 9, -10, 11, 12, 13, 14)];
        Assert.True(ReceiverReport.TryWrite(buffer, 0xABCDEF01, blocks, out int written));
        Assert.Equal(8 + 48, written);
        Assert.Equal(new byte[] { 0x82, 0xC9, 0x00, 0x0D, 0xAB, 0xCD, 0xEF, 0x01 }, buffer[..8]);
        Assert.True(ReceiverReport.TryParse(buffer.AsSpan(0, written), out var rr));
        Assert.Equal(0xABCDEF01u, rr.Ssrc);
        Assert.Equal(2, rr.ReportCount);
        Assert.Equal(blocks[0], rr.GetReportBlock(0));
        Assert.Equal(blocks[1], rr.GetReportBlock(1));
    }

    [Fact]
    public void Rejects_report_whose_count_exceeds_length()
    {
        byte[] rr = [0x81, 0xC9, 0x00, 0x01, 0, 0, 0, 1];
        Assert.False(ReceiverReport.TryParse(rr, out _));
        Assert.False(SenderReport.TryParse(rr, out _)); // wrong type
    }

    [Fact]
    public void Sdes_cname_is_written_with_null_terminator_and_padding()
    {
        var buffer = new byte[64];
        Assert.True(SourceDescription.TryWriteCname(buffer, 0x01020304, "abcdef", out int written));
        // 4 header + 4 SSRC + 2 item header + 6 text = 16, + at least one null octet -> 20 (RFC 3550 §6.5).
        Assert.Equal(20, written);
        Assert.Equal(new byte[]
        {
            0x81, 0xCA, 0x00, 0x04, 0x01, 0x02, 0x03, 0x04, 0x01, 0x06,
            (byte)'a', (byte)'b', (byte)'c', (byte)'d', (byte)'e', (byte)'f', 0, 0, 0, 0,
        }, buffer[..written]);
        Assert.True(SourceDescription.TryParse(buffer.AsSpan(0, written), out var sdes));
        Assert.True(sdes.TryReadChunk(out uint ssrc, out var cname));
        Assert.Equal(0x01020304u, ssrc);
        Assert.Equal("abcdef"u8.ToArray(), cname.ToArray());
        Assert.False(sdes.TryReadChunk(out _, out _));
    }

    [Fact]
    public void Sdes_reads_several_chunks_and_skips_other_items()
    {
        byte[] packet =
        [
            0x82, 0xCA, 0x00, 0x05,
            0x00, 0x00, 0x00, 0x01, 0x02, 0x01, (byte)'n', 0x01, 0x02, (byte)'x', (byte)'y', 0x00, // NAME then CNAME
            0x00, 0x00, 0x00, 0x02, 0x01, 0x01, (byte)'z', 0x00,
        ];
        Assert.True(SourceDescription.TryParse(packet, out var sdes));
        Assert.Equal(2, sdes.ChunkCount);
        Assert.True(sdes.TryReadChunk(out uint s1, out var c1));
        Assert.Equal(1u, s1);
        Assert.Equal("xy"u8.ToArray(), c1.ToArray());
        Assert.True(sdes.TryReadChunk(out uint s2, out var c2));
        Assert.Equal(2u, s2);
        Assert.Equal("z"u8.ToArray(), c2.ToArray());
    }

    [Fact]
    public void Bye_round_trips_with_reason()
    {
        var buffer = new byte[64];
        Assert.True(Goodbye.TryWrite(buffer, [5u, 6u], "done"u8, out int written));
        // RFC 3550 §6.6: SC=2, PT=203, SSRCs, then length octet + reason, zero-padded to 32 bits.
        Assert.Equal(new byte[]
        {
            0x82, 0xCB, 0x00, 0x04, 0, 0, 0, 5, 0, 0, 0, 6,
            0x04, (byte)'d', (byte)'o', (byte)'n', (byte)'e', 0, 0, 0,
        }, buffer[..written]);
        Assert.True(Goodbye.TryParse(buffer.AsSpan(0, written), out var bye));
        Assert.Equal(2, bye.SourceCount);
        Assert.Equal(5u, bye.GetSsrc(0));
        Assert.Equal(6u, bye.GetSsrc(1));
        Assert.Equal("done"u8.ToArray(), bye.Reason.ToArray());
    }

    [Fact]
    public void Compound_reader_yields_each_packet()
    {
        var buffer = new byte[200];
        Assert.True(ReceiverReport.TryWrite(buffer, 1, [], out int a));
        Assert.True(SourceDescription.TryWriteCname(buffer.AsSpan(a), 1, "cname", out int b));
        Assert.True(PictureLossIndication.TryWrite(buffer.AsSpan(a + b), 1, 2, out int c));
        var compound = buffer.AsSpan(0, a + b + c);

        Assert.True(RtcpCompoundReader.IsValidCompound(compound, allowReducedSize: false));
        var reader = new RtcpCompoundReader(compound);
        var types = new List<byte>();
        while (reader.TryReadNext(out var p)) types.Add(p.Header.PacketType);
        Assert.False(reader.IsMalformed);
        Assert.Equal(new byte[] { RtcpPacketType.ReceiverReport, RtcpPacketType.SourceDescription, RtcpPacketType.PayloadSpecificFeedback }, types);
    }

    [Fact]
    public void Reduced_size_rtcp_is_valid_only_when_allowed()
    {
        var buffer = new byte[12];
        Assert.True(PictureLossIndication.TryWrite(buffer, 1, 2, out _));
        Assert.True(RtcpCompoundReader.IsValidCompound(buffer, allowReducedSize: true));
        Assert.False(RtcpCompoundReader.IsValidCompound(buffer, allowReducedSize: false));
    }

    [Fact]
    public void Padding_is_only_allowed_on_the_last_packet()
    {
        // RR with P bit and 4 bytes of padding, followed by another RR: invalid (RFC 3550 §A.2).
        byte[] padded = [0xA0, 0xC9, 0x00, 0x02, 0, 0, 0, 1, 0, 0, 0, 4];
        byte[] plain = [0x80, 0xC9, 0x00, 0x01, 0, 0, 0, 2];
        Assert.False(RtcpCompoundReader.IsValidCompound([.. padded, .. plain], false));
        Assert.True(RtcpCompoundReader.IsValidCompound([.. plain, .. padded], false));

        var reader = new RtcpCompoundReader([.. plain, .. padded]);
        Assert.True(reader.TryReadNext(out _));
        Assert.True(reader.TryReadNext(out var last));
        Assert.Equal(4, last.Body.Length); // padding removed
    }

    [Fact]
    public void Compound_reader_flags_length_beyond_datagram()
    {
        byte[] data = [0x80, 0xC9, 0x00, 0x07, 0, 0, 0, 1];
        var reader = new RtcpCompoundReader(data);
        Assert.False(reader.TryReadNext(out _));
        Assert.True(reader.IsMalformed);
        Assert.False(RtcpCompoundReader.IsValidCompound(data, true));
    }
}

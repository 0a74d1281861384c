using Conference.Media.Rtp;

namespace Conference.Media.Tests.Rtp;

/// <summary>Network input must never throw: random bytes and mutated/truncated valid packets through every parser.</summary>
public sealed class RtpRtcpFuzzTests
{
    private const int Iterations = 10_000;

    [Fact]
    public void Random_bytes_never_throw()
    {
        var random = new Random(1234);
        var buffer = new byte[400];
        int parsedRtp = 0;
        for (int i = 0; i < Iterations; i++)
        {
            int length = random.Next(0, buffer.Length);
            random.NextBytes(buffer.AsSpan(0, length));
            if (i % 2 == 0) buffer[0] = (byte)(0x80 | (buffer[0] & 0x3F)); // version 2 half the time to get deeper
            if (i % 4 == 0 && length > 1) buffer[1] = (byte)random.Next(200, 208);
            parsedRtp += ParseEverything(buffer.AsSpan(0, length));
        }
        Assert.True(parsedRtp > 0); // the generator does reach the deeper code
    }

    [Fact]
    public void Mutated_and_truncated_valid_packets_never_throw()
    {
        var random = new Random(99);
        var seeds = ValidPackets();
        foreach (var seed in seeds) Assert.True(ParseEverything(seed) > 0, "every seed parses when intact");

        for (int i = 0; i < Iterations; i++)
        {
            var seed = seeds[random.Next(seeds.Count)];
            var copy = (byte[])seed.Clone();
            int flips = random.Next(1, 4);
            for (int f = 0; f < flips; f++) copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
            ParseEverything(copy);
            ParseEverything(seed.AsSpan(0, random.Next(seed.Length)));
        }
    }

    private static List<byte[]> ValidPackets()
    {
        var list = new List<byte[]>();
        var b = new byte[600];
        var w = new RtpPacketWriter(b, 96, 1, 2, 3, csrcs: [4u]);
        w.TryAddExtension(1, [0x85]);
        w.TryAddExtension(3, [0, 1]);
        w.TryComplete([1, 2, 3, 4], out int n); list.Add(b[..n]);
        var w2 = new RtpPacketWriter(b, 97, 1, 2, 3, twoByteExtensions: true);
        w2.TryAddExtension(100, [1, 2, 3]);
        w2.TryComplete([5], out n); list.Add(b[..n]);
        SenderReport.TryWrite(b, 1, new SenderInfo(1, 2, 3, 4), [new(5, 6, 7, 8, 9, 10, 11)], out n); list.Add(b[..n]);
        ReceiverReport.TryWrite(b, 1, [new(5, 6, 7, 8, 9, 10, 11)], out n); list.Add(b[..n]);
        SourceDescription.TryWriteCname(b, 1, "abc", out n); list.Add(b[..n]);
        Goodbye.TryWrite(b, [1u, 2u], "bye"u8, out n); list.Add(b[..n]);
        GenericNack.TryWrite(b, 1, 2, [1, 3, 30], out n); list.Add(b[..n]);
        PictureLossIndication.TryWrite(b, 1, 2, out n); list.Add(b[..n]);
        FullIntraRequest.TryWrite(b, 1, [new(2, 3)], out n); list.Add(b[..n]);
        ReceiverEstimatedMaxBitrate.TryWrite(b, 1, 1_000_000, [2u], out n); list.Add(b[..n]);
        TransportCcFeedback.TryWrite(b, 1, 2, 10, 3, 4,
            [new(10, TransportCcStatus.ReceivedSmallDelta, 4), new(11, TransportCcStatus.NotReceived, 0), new(12, TransportCcStatus.ReceivedLargeOrNegativeDelta, -9)], out n);
        list.Add(b[..n]);
        ExtendedReport.TryWriteReceiverReferenceTime(b, 1, 2, out n); list.Add(b[..n]);
        ExtendedReport.TryWriteDlrr(b, 1, [new(2, 3, 4)], out n); list.Add(b[..n]);
        return list;
    }

    /// <summary>Runs every parser; returns how many accepted the input.</summary>
    private static int ParseEverything(ReadOnlySpan<byte> data)
    {
        int accepted = 0;
        if (RtpPacket.TryParse(data, out var h))
        {
            accepted++;
            Assert.InRange(h.PayloadOffset + h.PayloadLength + h.PaddingLength, 0, data.Length);
            _ = h.GetPayload(data);
            for (int i = 0; i < h.CsrcCount; i++) _ = h.GetCsrc(data, i);
            var reader = new RtpHeaderExtensionReader(data, h);
            while (reader.TryReadNext(out var e))
            {
                var value = data.Slice(e.ValueOffset, e.ValueLength);
                AbsSendTime.TryRead(value, out _);
                AudioLevel.TryRead(value, out _);
                RtpStreamIdentifiers.TryRead(value, out _);
            }
        }

        var compound = new RtcpCompoundReader(data);
        while (compound.TryReadNext(out var p)) accepted += ParseRtcp(p.Packet);
        RtcpCompoundReader.IsValidCompound(data, true);
        accepted += ParseRtcp(data);
        return accepted;
    }

    private static int ParseRtcp(ReadOnlySpan<byte> p)
    {
        int accepted = 0;
        if (SenderReport.TryParse(p, out var sr)) { accepted++; for (int i = 0; i < sr.ReportCount; i++) sr.GetReportBlock(i); }
        if (ReceiverReport.TryParse(p, out var rr)) { accepted++; for (int i = 0; i < rr.ReportCount; i++) rr.GetReportBlock(i); }
        if (SourceDescription.TryParse(p, out var sdes)) { accepted++; while (sdes.TryReadChunk(out _, out _)) { } }
        if (Goodbye.TryParse(p, out var bye)) { accepted++; for (int i = 0; i < bye.SourceCount; i++) bye.GetSsrc(i); }
        if (GenericNack.TryParse(p, out var nack)) { accepted++; Span<ushort> lost = stackalloc ushort[64]; nack.GetLostSequenceNumbers(lost); }
        if (PictureLossIndication.TryParse(p, out _, out _)) accepted++;
        if (FullIntraRequest.TryParse(p, out var fir)) { accepted++; for (int i = 0; i < fir.EntryCount; i++) fir.GetEntry(i); }
        if (ReceiverEstimatedMaxBitrate.TryParse(p, out var remb)) { accepted++; for (int i = 0; i < remb.SsrcCount; i++) remb.GetSsrc(i); }
        if (TransportCcFeedback.TryReadHeader(p, out var tcc))
        {
            var results = new TransportCcPacketResult[tcc.PacketStatusCount];
            if (TransportCcFeedback.TryParse(p, out _, results, out _)) accepted++;
        }
        if (ExtendedReport.TryParse(p, out var xr))
        {
            accepted++;
            Span<DlrrItem> items = stackalloc DlrrItem[4];
            while (xr.TryReadBlock(out _, out var contents))
            {
                ExtendedReport.TryReadReceiverReferenceTime(contents, out _);
                ExtendedReport.ReadDlrrItems(contents, items);
            }
        }
        return accepted;
    }
}

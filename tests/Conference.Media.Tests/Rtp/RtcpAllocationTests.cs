using Conference.Media.Rtp;

namespace Conference.Media.Tests.Rtp;

public sealed class RtcpAllocationTests
{
    [Fact]
    public void Compound_parse_and_feedback_build_do_not_allocate()
    {
        var compound = new byte[256];
        Assert.True(ReceiverReport.TryWrite(compound, 1, [new(2, 3, 4, 5, 6, 7, 8)], out int a));
        Assert.True(SourceDescription.TryWriteCname(compound.AsSpan(a), 1, "cname", out int b));
        Assert.True(GenericNack.TryWrite(compound.AsSpan(a + b), 1, 2, [10, 11, 30], out int c));
        TransportCcPacketResult[] twcc = [new(5, TransportCcStatus.ReceivedSmallDelta, 3), new(6, TransportCcStatus.NotReceived, 0), new(7, TransportCcStatus.ReceivedLargeOrNegativeDelta, -2)];
        Assert.True(TransportCcFeedback.TryWrite(compound.AsSpan(a + b + c), 1, 2, 5, 0, 0, twcc, out int d));
        var packet = compound.AsSpan(0, a + b + c + d).ToArray();
        var results = new TransportCcPacketResult[16];
        var scratch = new byte[128];

        long sum = Loop(packet, results, scratch, 500); // warm-up
        long before = GC.GetAllocatedBytesForCurrentThread();
        sum += Loop(packet, results, scratch, 5000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(5500L * (1 + 3 + 3), sum);

        static long Loop(byte[] packet, TransportCcPacketResult[] results, byte[] scratch, int iterations)
        {
            long sum = 0;
            Span<ushort> lost = stackalloc ushort[32];
            for (int i = 0; i < iterations; i++)
            {
                var reader = new RtcpCompoundReader(packet);
                while (reader.TryReadNext(out var p))
                {
                    if (ReceiverReport.TryParse(p.Packet, out var rr)) sum += rr.ReportCount;
                    else if (GenericNack.TryParse(p.Packet, out var nack)) sum += nack.GetLostSequenceNumbers(lost);
                    else if (TransportCcFeedback.TryParse(p.Packet, out _, results, out int n)) sum += n;
                }
                GenericNack.TryWrite(scratch, 1, 2, lost[..3], out _);
                PictureLossIndication.TryWrite(scratch, 1, 2, out _);
            }
            return sum;
        }
    }
}

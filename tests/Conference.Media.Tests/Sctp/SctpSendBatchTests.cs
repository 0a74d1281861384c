using System.Text;
using Conference.Media.Sctp;

namespace Conference.Media.Tests.Sctp;

/// <summary>
/// What the SFU's data-channel relay relies on to bundle (issue 14): messages queued on one thread inside an
/// <see cref="SctpSendBatch"/> leave together, several DATA chunks per packet, when the batch is flushed.
/// </summary>
public sealed class SctpSendBatchTests
{
    [Fact]
    public void Messages_queued_in_a_batch_wait_for_the_flush_and_leave_bundled_in_one_packet()
    {
        using var pipe = new SctpPipe();
        pipe.Connect();
        int deliveredBefore = pipe.Delivered.Count;

        SctpSendBatch.Open();
        try
        {
            for (int i = 0; i < 10; i++) Assert.True(pipe.A.TrySend(1, 51, Encoding.UTF8.GetBytes($"message {i}")));
            pipe.Pump();
            Assert.Empty(pipe.ReceivedByB); // queued (TSNs assigned), not sent: the batch is still open
        }
        finally
        {
            SctpSendBatch.Flush();
        }
        pipe.Pump();

        var dataPackets = pipe.Delivered.Skip(deliveredBefore).Where(d => d.FromA && d.Packet.Chunks.Any(c => c is SctpDataChunk)).ToList();
        Assert.Single(dataPackets);
        Assert.Equal(10, dataPackets[0].Packet.Chunks.Count(c => c is SctpDataChunk));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"message {i}"), pipe.ReceivedByB.Select(m => Encoding.UTF8.GetString(m.Data)));
    }

    [Fact]
    public void Without_a_batch_each_message_within_cwnd_leaves_at_once_in_its_own_packet()
    {
        using var pipe = new SctpPipe();
        pipe.Connect();
        int deliveredBefore = pipe.Delivered.Count;

        for (int i = 0; i < 10; i++) Assert.True(pipe.A.TrySend(1, 51, Encoding.UTF8.GetBytes($"message {i}")));
        pipe.Pump();

        var dataPackets = pipe.Delivered.Skip(deliveredBefore).Where(d => d.FromA && d.Packet.Chunks.Any(c => c is SctpDataChunk)).ToList();
        Assert.Equal(10, dataPackets.Count);
        Assert.Equal(10, pipe.ReceivedByB.Count);
    }

    [Fact]
    public void A_flush_sends_for_every_association_that_deferred_on_this_thread()
    {
        using var first = new SctpPipe();
        using var second = new SctpPipe();
        first.Connect();
        second.Connect();

        SctpSendBatch.Open();
        try
        {
            Assert.True(first.A.TrySend(1, 51, "to the first"u8));
            Assert.True(second.A.TrySend(1, 51, "to the second"u8));
            first.Pump();
            second.Pump();
            Assert.Empty(first.ReceivedByB);
            Assert.Empty(second.ReceivedByB);
        }
        finally
        {
            SctpSendBatch.Flush();
        }
        first.Pump();
        second.Pump();

        Assert.Equal("to the first", Encoding.UTF8.GetString(Assert.Single(first.ReceivedByB).Data));
        Assert.Equal("to the second", Encoding.UTF8.GetString(Assert.Single(second.ReceivedByB).Data));
    }
}

using Conference.Media.Sctp;

namespace Conference.Media.Tests.Sctp;

/// <summary>
/// RFC 9260 §6.2: a receiver whose window is full drops only DATA beyond the highest TSN it holds; a chunk that
/// fills a gap is what lets the held data be delivered, so it must be accepted. Found with Chromium
/// (tests/Conference.EndToEnd.Tests): in a 4 MiB burst a DATA packet was lost, Chromium filled our window with what
/// followed, and its retransmission of the missing TSN met the full window and was dropped, again and again.
/// </summary>
public sealed class SctpReceiveWindowTests
{
    private const uint Window = 8 * 1024;
    private const int ChunkSize = 1000;

    [Fact]
    public void A_chunk_that_fills_the_gap_is_accepted_even_when_the_window_is_full()
    {
        using var pipe = new SctpPipe(optionsB: SctpPipe.FastOptions with { ReceiveWindow = Window });
        pipe.Connect();
        uint first = pipe.Sent.Where(s => s.FromA).SelectMany(s => s.Packet.Chunks).OfType<SctpInitChunk>().Single().InitialTsn;

        // A sender that fills the advertised window exactly (as usrsctp/dcsctp do), with the first TSN lost.
        int held = (int)(Window / ChunkSize);
        for (int i = 1; i <= held + 1; i++) DeliverToB(pipe, first, i);
        Assert.Empty(pipe.ReceivedByB);

        DeliverToB(pipe, first, 0); // the retransmission

        Assert.Equal(Enumerable.Range(0, held + 1).Select(i => (byte)i), pipe.ReceivedByB.Select(m => m.Data[0]));
    }

    [Fact]
    public void New_data_beyond_the_highest_held_tsn_is_still_dropped_when_the_window_is_full()
    {
        using var pipe = new SctpPipe(optionsB: SctpPipe.FastOptions with { ReceiveWindow = Window });
        pipe.Connect();
        uint first = pipe.Sent.Where(s => s.FromA).SelectMany(s => s.Packet.Chunks).OfType<SctpInitChunk>().Single().InitialTsn;
        int held = (int)(Window / ChunkSize);
        for (int i = 1; i <= held; i++) DeliverToB(pipe, first, i);

        DeliverToB(pipe, first, held + 1);   // past the window: dropped
        DeliverToB(pipe, first, 0);          // fills the gap: 0..held delivered, held + 1 is missing

        Assert.Equal(held + 1, pipe.ReceivedByB.Count);
        DeliverToB(pipe, first, held + 1);   // its retransmission now fits
        Assert.Equal(held + 2, pipe.ReceivedByB.Count);
    }

    // One 1000-byte ordered message per TSN on stream 1, straight into B as A would send it.
    private static void DeliverToB(SctpPipe pipe, uint firstTsn, int index)
    {
        var data = new SctpDataChunk(firstTsn + (uint)index, 1, (ushort)index, 53,
            Enumerable.Repeat((byte)index, ChunkSize).ToArray(), Unordered: false, Beginning: true, Ending: true);
        pipe.B.OnPacket(new SctpPacket(5000, 5000, pipe.B.LocalTag, [data]).ToArray());
        pipe.Pump();
    }
}

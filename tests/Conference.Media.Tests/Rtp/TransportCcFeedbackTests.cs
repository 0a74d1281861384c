using Conference.Media.Rtp;

namespace Conference.Media.Tests.Rtp;

public sealed class TransportCcFeedbackTests
{
    // draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1: base seq 100, 24 packets, reference time 258 (x 64 ms),
    // fb count 7; chunks: 1-bit vector (14), 2-bit vector (7), run-length (3 x small delta); then recv deltas; 1 byte padding.
    private static readonly byte[] MixedChunks =
    [
        0xAF, 0xCD, 0x00, 0x0A,
        0x11, 0x11, 0x11, 0x11, 0x22, 0x22, 0x22, 0x22,
        0x00, 0x64, 0x00, 0x18, 0x00, 0x01, 0x02, 0x07,
        0xB7, 0xC0,             // 1|0|11011111000000: R R L R R R R R L L L L L L
        0xE4, 0x25,             // 1|1|10 01 00 00 10 01 01: large small lost lost large small small
        0x20, 0x03,             // 0|01|0000000000011: 3 x small
        0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, // small deltas of the first vector
        0xFF, 0xFC, 0x10, 0x04, 0x00, 0x20, 0x21, // -4 (large), 16, 1024 (large), 32, 33
        0x30, 0x31, 0x32,
        0x01,                   // RFC 3550 padding: count 1
    ];

    [Fact]
    public void Parses_mixed_run_length_and_status_vector_chunks()
    {
        Assert.True(TransportCcFeedback.TryReadHeader(MixedChunks, out var header));
        Assert.Equal(new TransportCcFeedbackHeader(0x11111111, 0x22222222, 100, 24, 258, 7), header);

        var results = new TransportCcPacketResult[header.PacketStatusCount];
        Assert.True(TransportCcFeedback.TryParse(MixedChunks, out _, results, out int count));
        Assert.Equal(24, count);

        const TransportCcStatus L = TransportCcStatus.NotReceived, S = TransportCcStatus.ReceivedSmallDelta, B = TransportCcStatus.ReceivedLargeOrNegativeDelta;
        TransportCcStatus[] expectedStatus = [S, S, L, S, S, S, S, S, L, L, L, L, L, L, B, S, L, L, B, S, S, S, S, S];
        int[] expectedDelta = [1, 2, 0, 3, 4, 5, 6, 7, 0, 0, 0, 0, 0, 0, -4, 16, 0, 0, 1024, 32, 33, 48, 49, 50];
        for (int i = 0; i < count; i++)
        {
            Assert.Equal((ushort)(100 + i), results[i].SequenceNumber);
            Assert.Equal(expectedStatus[i], results[i].Status);
            Assert.Equal(expectedDelta[i], results[i].DeltaTicks);
        }
        Assert.Equal(-1000, results[14].DeltaMicroseconds);
    }

    [Fact]
    public void Built_feedback_parses_back_to_the_same_results()
    {
        var parsed = new TransportCcPacketResult[24];
        Assert.True(TransportCcFeedback.TryParse(MixedChunks, out var header, parsed, out _));

        var buffer = new byte[TransportCcFeedback.GetMaxLength(parsed.Length)];
        Assert.True(TransportCcFeedback.TryWrite(buffer, header.SenderSsrc, header.MediaSsrc, header.BaseSequenceNumber,
            header.ReferenceTime, header.FeedbackPacketCount, parsed, out int written));
        Assert.Equal(0, written % 4);
        // Same 1-bit and 2-bit vectors as the hand-built packet; the trailing three small deltas fit a 1-bit vector
        // (1|0|111 followed by 11 unused zero symbols) instead of a run-length chunk: both are valid encodings.
        Assert.Equal(new byte[] { 0xB7, 0xC0, 0xE4, 0x25, 0xB8, 0x00 }, buffer[20..26]);
        Assert.True(RtcpCompoundReader.IsValidCompound(buffer.AsSpan(0, written), allowReducedSize: true));

        var again = new TransportCcPacketResult[24];
        Assert.True(TransportCcFeedback.TryParse(buffer.AsSpan(0, written), out var header2, again, out _));
        Assert.Equal(header, header2);
        Assert.Equal(parsed, again);
    }

    [Fact]
    public void Long_runs_use_run_length_chunks()
    {
        var results = new TransportCcPacketResult[1000];
        for (int i = 0; i < results.Length; i++)
        {
            results[i] = new TransportCcPacketResult((ushort)(65000 + i), i < 500 ? TransportCcStatus.NotReceived : TransportCcStatus.ReceivedSmallDelta, i < 500 ? 0 : 4);
        }
        var buffer = new byte[TransportCcFeedback.GetMaxLength(results.Length)];
        Assert.True(TransportCcFeedback.TryWrite(buffer, 1, 2, 65000, -5, 0, results, out int written));
        // two run-length chunks + 500 one-byte deltas, not 1000/14 vectors
        Assert.Equal((12 + 8 + 4 + 500 + 3) & ~3, written);
        Assert.Equal(new byte[] { 0x01, 0xF4, 0x21, 0xF4 }, buffer[20..24]);

        var parsed = new TransportCcPacketResult[1000];
        Assert.True(TransportCcFeedback.TryParse(buffer.AsSpan(0, written), out var header, parsed, out _));
        Assert.Equal(-5, header.ReferenceTime);
        Assert.Equal(results, parsed); // sequence numbers wrap past 65535
    }

    [Fact]
    public void Rejects_reserved_symbol_and_missing_deltas()
    {
        var reserved = (byte[])MixedChunks.Clone();
        reserved[22] = 0xFC; // 2-bit vector whose first symbol is 11 (reserved)
        var results = new TransportCcPacketResult[24];
        Assert.False(TransportCcFeedback.TryParse(reserved, out _, results, out _));

        var truncatedCount = (byte[])MixedChunks.Clone();
        truncatedCount[15] = 0xFF; // claims 255 packets; chunks run out
        Assert.False(TransportCcFeedback.TryParse(truncatedCount, out _, new TransportCcPacketResult[255], out _));
        Assert.False(TransportCcFeedback.TryParse(MixedChunks, out _, new TransportCcPacketResult[3], out _)); // buffer too small
    }

    [Fact]
    public void Builder_rejects_deltas_beyond_16_bits()
    {
        TransportCcPacketResult[] results = [new(1, TransportCcStatus.ReceivedLargeOrNegativeDelta, 40_000)];
        Assert.False(TransportCcFeedback.TryWrite(new byte[64], 1, 2, 1, 0, 0, results, out _));
    }
}

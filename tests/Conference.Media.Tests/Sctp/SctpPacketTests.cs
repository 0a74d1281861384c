using Conference.Media.Sctp;

namespace Conference.Media.Tests.Sctp;

public sealed class SctpPacketTests
{
    internal static SctpChunk[] SampleChunks() =>
    [
        new SctpInitChunk(false, 0x11223344, 131072, 1024, 2048, 42,
            [new(SctpParameter.SupportedExtensions, [SctpChunkType.ForwardTsn, SctpChunkType.ReConfig]), new(SctpParameter.ForwardTsnSupported, [])]),
        new SctpInitChunk(true, 0x55667788, 65536, 10, 10, 7, [new(SctpParameter.StateCookie, [1, 2, 3, 4, 5])]),
        new SctpCookieEchoChunk([9, 8, 7]),
        new SctpEmptyChunk(SctpChunkType.CookieAck),
        new SctpDataChunk(100, 3, 4, 51, new byte[] { 1, 2, 3 }, Unordered: true, Beginning: true, Ending: false),
        new SctpSackChunk(99, 5000, [new SctpGapBlock(2, 3), new SctpGapBlock(5, 5)], [97u]),
        new SctpRawChunk(SctpChunkType.Heartbeat, 0, [0, 1, 0, 8, 1, 2, 3, 4]),
        new SctpRawChunk(SctpChunkType.HeartbeatAck, 0, [0, 1, 0, 8, 1, 2, 3, 4]),
        SctpRawChunk.Abort(12, "bye"u8),
        new SctpShutdownChunk(1234),
        new SctpEmptyChunk(SctpChunkType.ShutdownAck),
        new SctpEmptyChunk(SctpChunkType.ShutdownComplete, 1),
        new SctpForwardTsnChunk(500, [new SctpSkippedStream(1, 2)]),
        new SctpRawChunk(SctpChunkType.Error, 0, [0, 1, 0, 4]),
        new SctpReconfigChunk(new SctpOutgoingResetRequest(10, 20, 30, [1, 3, 5]), new SctpReconfigResponse(19, 1)),
        new SctpReconfigChunk(new SctpOutgoingResetRequest(11, 21, 31, [7, 9, 11]), null),
        new SctpReconfigChunk(null, new SctpReconfigResponse(12, 6)),
    ];

    [Fact]
    public void Every_chunk_type_round_trips_through_the_wire_format()
    {
        foreach (SctpChunk chunk in SampleChunks())
        {
            var packet = new SctpPacket(5000, 5000, 0xCAFEBABE, [chunk]);

            Assert.True(SctpPacket.TryParse(packet.ToArray(), out SctpPacket? parsed), chunk.GetType().Name);
            Assert.Equal(0xCAFEBABE, parsed!.VerificationTag);
            SctpChunk back = Assert.Single(parsed.Chunks);
            Assert.Equal(packet.ToArray(), parsed.ToArray());
            Assert.Equal(chunk.Type, back.Type);
            Assert.Equal(chunk.Flags, back.Flags);
        }
    }

    [Fact]
    public void Data_chunk_fields_and_flags_survive()
    {
        var data = new SctpDataChunk(0xFFFFFFF0, 7, 65535, 53, new byte[] { 5, 6, 7, 8, 9 }, false, false, true);
        Assert.True(SctpPacket.TryParse(new SctpPacket(1, 2, 3, [data]).ToArray(), out SctpPacket? parsed));

        var back = Assert.IsType<SctpDataChunk>(Assert.Single(parsed!.Chunks));
        Assert.Equal((0xFFFFFFF0u, (ushort)7, (ushort)65535, 53u), (back.Tsn, back.StreamId, back.Ssn, back.Ppid));
        Assert.Equal(new byte[] { 5, 6, 7, 8, 9 }, back.UserData.ToArray());
        Assert.False(back.Unordered);
        Assert.False(back.Beginning);
        Assert.True(back.Ending);
    }

    [Fact]
    public void Init_parameters_announce_forward_tsn_support()
    {
        var init = (SctpInitChunk)SampleChunks()[0];
        Assert.True(SctpPacket.TryParse(new SctpPacket(5000, 5000, 0, [init]).ToArray(), out SctpPacket? parsed));

        var back = Assert.IsType<SctpInitChunk>(parsed!.Chunks[0]);
        Assert.True(back.SupportsForwardTsn);
        Assert.Equal((0x11223344u, 131072u, (ushort)1024, (ushort)2048, 42u),
            (back.InitiateTag, back.AdvertisedReceiverWindow, back.OutboundStreams, back.InboundStreams, back.InitialTsn));
    }

    [Fact]
    public void Corrupted_checksum_is_rejected()
    {
        byte[] bytes = new SctpPacket(5000, 5000, 1, [new SctpEmptyChunk(SctpChunkType.CookieAck)]).ToArray();
        bytes[^1] ^= 0x01;

        Assert.False(SctpPacket.TryParse(bytes, out _));
    }

    [Fact]
    public void Parser_never_throws_on_random_or_mutated_input()
    {
        var random = new Random(2026);
        byte[][] valid = SampleChunks().Select(c => new SctpPacket(5000, 5000, 77, [c]).ToArray())
            .Append(new SctpPacket(5000, 5000, 77, SampleChunks()).ToArray()).ToArray();
        int parsedCount = 0;
        for (int i = 0; i < 20000; i++)
        {
            byte[] input;
            if (i % 3 == 0)
            {
                input = new byte[random.Next(0, 200)];
                random.NextBytes(input);
            }
            else
            {
                input = (byte[])valid[random.Next(valid.Length)].Clone();
                for (int m = random.Next(1, 4); m > 0; m--) input[random.Next(input.Length)] = (byte)random.Next(256);
                input = input.AsSpan(0, random.Next(0, input.Length + 1)).ToArray();
            }
            // Mutations usually break the CRC; re-sealing it lets the fuzzer reach the chunk parsers.
            if (i % 2 == 0 && input.Length >= 12) Reseal(input);

            if (SctpPacket.TryParse(input, out SctpPacket? packet))
            {
                parsedCount++;
                Assert.True(SctpPacket.TryParse(packet!.ToArray(), out _));
            }
        }
        Assert.True(parsedCount > 100, "the fuzzer should reach the chunk parsers");
    }

    private static void Reseal(byte[] packet)
    {
        packet.AsSpan(8, 4).Clear();
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(packet.AsSpan(8), Crc32c.Compute(packet));
    }
}

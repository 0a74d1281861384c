using Conference.Media.Sctp;

namespace Conference.Media.Tests.Sctp;

public sealed class SctpAssociationFuzzTests
{
    /// <summary>
    /// Well-formed packets (right tag, right checksum) with random chunk contents reach the state
    /// machine itself, not just the parser. Nothing may escape OnPacket, whatever state results.
    /// </summary>
    [Fact]
    public void Random_chunks_with_a_valid_tag_never_throw_out_of_the_association()
    {
        var random = new Random(9260);
        for (int round = 0; round < 40; round++)
        {
            using var pipe = new SctpPipe();
            pipe.Connect();
            pipe.A.TrySend(1, 51, new byte[3000]);
            pipe.A.TrySend(2, 51, new byte[10], new SctpSendOptions(Ordered: false, MaxRetransmits: 0));
            for (int i = 0; i < 100; i++)
            {
                SctpChunk chunk = RandomChunk(random);
                SctpAssociation target = random.Next(2) == 0 ? pipe.A : pipe.B;
                target.OnPacket(new SctpPacket(5000, 5000, target.LocalTag, [chunk]).ToArray());
                if (i % 10 == 0) pipe.RunUntil(() => false, TimeSpan.FromMilliseconds(200));
            }
            pipe.Pump();
            Assert.True(Enum.IsDefined(pipe.A.State) && Enum.IsDefined(pipe.B.State));
        }
    }

    /// <summary>Real traffic, mutated after the common header and re-sealed: TSNs and SSNs land near the live window.</summary>
    [Fact]
    public void Mutated_replays_of_real_traffic_never_throw_out_of_the_association()
    {
        var random = new Random(6525);
        for (int round = 0; round < 20; round++)
        {
            using var pipe = new SctpPipe();
            pipe.Connect();
            for (int i = 0; i < 5; i++) pipe.A.TrySend((ushort)(i % 2), 53, new byte[random.Next(1, 4000)]);
            pipe.B.TrySend(1, 51, new byte[100], new SctpSendOptions(Ordered: false, MaxRetransmits: 1));
            pipe.RunUntil(() => pipe.ReceivedByB.Count == 5);
            List<(bool FromA, SctpPacket Packet)> traffic = pipe.Sent.ToList();

            for (int i = 0; i < 300; i++)
            {
                (bool fromA, SctpPacket original) = traffic[random.Next(traffic.Count)];
                byte[] bytes = original.ToArray();
                if (bytes.Length <= 12) continue;
                for (int m = random.Next(1, 4); m > 0; m--) bytes[random.Next(12, bytes.Length)] = (byte)random.Next(256);
                bytes.AsSpan(8, 4).Clear();
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), Crc32c.Compute(bytes));
                (fromA ? pipe.B : pipe.A).OnPacket(bytes);
                if (i % 25 == 0) pipe.RunUntil(() => false, TimeSpan.FromMilliseconds(300));
            }
            pipe.Pump();
        }
    }

    private static SctpChunk RandomChunk(Random random)
    {
        uint U32() => (uint)random.NextInt64(0, 1L << 32);
        ushort U16() => (ushort)random.Next(0, 65536);
        byte[] Bytes(int max)
        {
            var b = new byte[random.Next(1, max)];
            random.NextBytes(b);
            return b;
        }
        return random.Next(12) switch
        {
            0 => new SctpDataChunk(U32(), (ushort)random.Next(0, 4), (ushort)random.Next(0, 4), 51, Bytes(50),
                random.Next(2) == 0, random.Next(2) == 0, random.Next(2) == 0),
            1 => new SctpSackChunk(U32(), U32(),
                Enumerable.Range(0, random.Next(0, 5)).Select(_ => new SctpGapBlock((ushort)random.Next(1, 100), (ushort)random.Next(100, 65536))).ToArray(),
                [U32()]),
            2 => new SctpForwardTsnChunk(U32(), [new SctpSkippedStream((ushort)random.Next(0, 4), U16())]),
            3 => new SctpReconfigChunk(new SctpOutgoingResetRequest(U32(), U32(), U32(), [U16()]), null),
            4 => new SctpReconfigChunk(null, new SctpReconfigResponse(U32(), (uint)random.Next(0, 8))),
            5 => new SctpCookieEchoChunk(Bytes(80)),
            6 => new SctpInitChunk(true, U32() | 1, U32(), 10, 10, U32(), [new(SctpParameter.StateCookie, Bytes(40))]),
            7 => new SctpShutdownChunk(U32()),
            8 => new SctpEmptyChunk(random.Next(2) == 0 ? SctpChunkType.ShutdownAck : SctpChunkType.CookieAck),
            9 => new SctpRawChunk(SctpChunkType.Heartbeat, 0, Bytes(20)),
            10 => new SctpRawChunk((byte)random.Next(15, 256), (byte)random.Next(256), Bytes(20)),
            _ => new SctpDataChunk(U32(), 1, 0, 51, Bytes(10), false, true, true),
        };
    }
}

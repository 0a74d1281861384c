using System.Net;
using Conference.Media.Stun;

namespace Conference.Media.Tests.Stun;

/// <summary>Property tests: the parser never throws and valid messages round-trip.</summary>
public sealed class StunFuzzTests
{
    private static readonly byte[][] Seeds =
    [
        StunTestVectors.SampleRequest,
        StunTestVectors.SampleIPv4Response,
        StunTestVectors.SampleIPv6Response,
        StunTestVectors.SampleLongTermRequest,
    ];

    [Fact]
    public void RandomBytesMutationsAndTruncations_NeverThrow()
    {
        var random = new Random(5769);
        int parsed = 0;
        for (int i = 0; i < 20_000; i++)
        {
            byte[] packet = (i % 4) switch
            {
                0 => RandomBytes(random, random.Next(0, 128)),
                1 => Truncate(random, Seeds[i % Seeds.Length]),
                2 => Mutate(random, Seeds[i % Seeds.Length]),
                _ => RandomAttributeSoup(random),
            };

            if (Probe(packet))
            {
                parsed++;
            }
        }

        Assert.True(parsed > 1000, $"only {parsed} inputs parsed; the generator is not exercising the attribute walker");
    }

    [Fact]
    public void BuiltMessages_RoundTrip()
    {
        var random = new Random(8489);
        var buffer = new byte[1024];
        for (int i = 0; i < 10_000; i++)
        {
            byte[] transactionId = RandomBytes(random, 12);
            byte[] key = RandomBytes(random, random.Next(1, 40));
            string username = new('u', random.Next(1, 100));
            uint priority = (uint)random.Next();
            var mapped = new IPEndPoint(new IPAddress(RandomBytes(random, i % 2 == 0 ? 4 : 16)), random.Next(0, 65536));
            var writer = new StunMessageWriter(buffer, StunMethod.Binding, (StunClass)(i % 4), transactionId);
            writer.AddUsername(username);
            writer.AddPriority(priority);
            writer.AddXorMappedAddress(mapped);
            writer.AddMessageIntegrity(key);
            writer.AddFingerprint();

            Assert.True(StunMessage.TryParse(buffer.AsSpan(0, writer.Length), out StunMessageView message));
            Assert.Equal((StunClass)(i % 4), message.Class);
            Assert.Equal(transactionId, message.TransactionId.ToArray());
            Assert.True(message.TryGetUsername(out ReadOnlySpan<byte> readName));
            Assert.Equal(username.Length, readName.Length);
            Assert.True(message.TryGetPriority(out uint readPriority));
            Assert.Equal(priority, readPriority);
            Assert.True(message.TryGetXorMappedAddress(out IPEndPoint? readMapped));
            Assert.Equal(mapped, readMapped);
            Assert.True(message.VerifyMessageIntegrity(key));
            Assert.True(message.VerifyFingerprint());
        }
    }

    private static bool Probe(byte[] packet)
    {
        StunMessage.IsStun(packet);
        if (!StunMessage.TryParse(packet, out StunMessageView message))
        {
            return false;
        }

        Assert.True(message.Bytes.Length <= packet.Length);
        foreach (StunAttribute attribute in message.Attributes)
        {
            _ = attribute.Value.Length;
        }

        message.VerifyMessageIntegrity("k"u8);
        message.VerifyMessageIntegritySha256("k"u8);
        message.VerifyFingerprint();
        message.TryGetXorMappedAddress(out _);
        message.TryGetErrorCode(out _, out _);
        message.TryGetPriority(out _);
        message.TryGetIceControlling(out _);
        message.GetUnknownAttributes(stackalloc ushort[8]);
        return true;
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Truncate(Random random, byte[] seed) => seed.AsSpan(0, random.Next(0, seed.Length)).ToArray();

    private static byte[] Mutate(Random random, byte[] seed)
    {
        byte[] copy = (byte[])seed.Clone();
        int flips = random.Next(1, 5);
        for (int k = 0; k < flips; k++)
        {
            copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
        }

        return copy;
    }

    /// <summary>A valid header around random TLVs, so the attribute walker sees hostile lengths.</summary>
    private static byte[] RandomAttributeSoup(Random random)
    {
        int body = 4 * random.Next(0, 30);
        byte[] packet = RandomBytes(random, 20 + body);
        packet[0] = 0x00;
        packet[1] = 0x01;
        packet[2] = (byte)(body >> 8);
        packet[3] = (byte)body;
        packet[4] = 0x21;
        packet[5] = 0x12;
        packet[6] = 0xA4;
        packet[7] = 0x42;
        for (int offset = 20; offset + 4 <= packet.Length; offset += 4 + ((packet[offset + 3] + 3) & ~3))
        {
            packet[offset + 2] = 0; // mostly plausible lengths
            if (random.Next(4) == 0)
            {
                packet[offset] = 0x00;
                packet[offset + 1] = (byte)random.Next(0, 0x30);
            }
        }

        return packet;
    }
}

using System.Buffers.Binary;
using Conference.Media.Srtp;

namespace Conference.Media.Tests.Srtp;

public sealed class SrtpSessionTests
{
    private static readonly byte[] MasterKey = Enumerable.Range(0x10, 16).Select(i => (byte)i).ToArray();

    public static TheoryData<SrtpProfile> Profiles => new() { SrtpProfile.AesCm128HmacSha1_80, SrtpProfile.AeadAes128Gcm };

    [Theory]
    [MemberData(nameof(Profiles))]
    public void RoundTrip_AcrossSequenceWrap_TracksRolloverCounter(SrtpProfile profile)
    {
        using SrtpSession sender = Create(profile);
        using SrtpSession receiver = Create(profile);
        var buffer = new byte[300];
        var sent = new List<byte[]>();
        for (int i = 0; i < 12; i++)
        {
            ushort sequence = (ushort)(65530 + i); // 65530..65535, then 0..5 with ROC 1
            int length = WriteRtp(buffer, sequence, payloadSeed: i);
            byte[] plain = buffer[..length];
            Assert.True(sender.TryProtectRtp(buffer, length, out int protectedLength));
            sent.Add(buffer[..protectedLength]);
            Assert.True(receiver.TryUnprotectRtp(buffer, protectedLength, out int plainLength), $"packet {i}");
            Assert.Equal(plain, buffer[..plainLength]);
        }

        // A receiver that missed the wrap still has ROC 0 and so cannot authenticate seq 3 of ROC 1 as ROC 0.
        using SrtpSession late = Create(profile);
        byte[] afterWrap = sent[9];
        Assert.False(late.TryUnprotectRtp(afterWrap, afterWrap.Length, out _));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void ReorderedAcrossWrap_LatePacketFromPreviousRolloverIsAccepted(SrtpProfile profile)
    {
        using SrtpSession sender = Create(profile);
        using SrtpSession receiver = Create(profile);
        byte[][] packets = [.. new ushort[] { 65534, 65535, 0, 1 }.Select(seq => Protect(sender, seq))];

        Assert.True(Unprotect(receiver, packets[0]));
        Assert.True(Unprotect(receiver, packets[2])); // 0 of ROC 1 before 65535 of ROC 0
        Assert.True(Unprotect(receiver, packets[1]));
        Assert.True(Unprotect(receiver, packets[3]));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Replay_IsRejectedAndCounted(SrtpProfile profile)
    {
        using SrtpSession sender = Create(profile);
        using SrtpSession receiver = Create(profile);
        byte[] packet = Protect(sender, 100);

        Assert.True(Unprotect(receiver, (byte[])packet.Clone()));
        Assert.False(Unprotect(receiver, (byte[])packet.Clone()));
        Assert.Equal(1, receiver.Statistics.ReplayDrops);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void PacketOlderThanWindow_IsRejected(SrtpProfile profile)
    {
        using SrtpSession sender = Create(profile);
        using SrtpSession receiver = Create(profile);
        byte[] old = Protect(sender, 1);
        Assert.True(Unprotect(receiver, Protect(sender, 2)));
        Assert.True(Unprotect(receiver, Protect(sender, 300)));

        Assert.False(Unprotect(receiver, old));
        Assert.Equal(1, receiver.Statistics.ReplayDrops);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void TamperedHeaderOrPayload_FailsAuthentication(SrtpProfile profile)
    {
        using SrtpSession sender = Create(profile);
        using SrtpSession receiver = Create(profile);
        byte[] payloadTampered = Protect(sender, 7);
        payloadTampered[20] ^= 0x40;
        byte[] headerTampered = Protect(sender, 8);
        headerTampered[1] ^= 0x01; // payload type

        Assert.False(Unprotect(receiver, payloadTampered));
        Assert.False(Unprotect(receiver, headerTampered));
        Assert.Equal(2, receiver.Statistics.AuthenticationFailures);
        Assert.True(Unprotect(receiver, Protect(sender, 9))); // failures did not poison the stream state
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Rtcp_RoundTripsAndRejectsReplayAndTampering(SrtpProfile profile)
    {
        using SrtpSession sender = Create(profile);
        using SrtpSession receiver = Create(profile);
        var buffer = new byte[200];
        for (int i = 0; i < 3; i++)
        {
            int length = WriteRtcp(buffer, i);
            byte[] plain = buffer[..length];
            Assert.True(sender.TryProtectRtcp(buffer, length, out int protectedLength));
            Assert.Equal(length + sender.RtcpOverhead, protectedLength);
            Assert.NotEqual(plain[8..length], buffer[8..length]); // E = 1: body is encrypted
            byte[] copy = buffer[..protectedLength];
            Assert.True(receiver.TryUnprotectRtcp(buffer, protectedLength, out int plainLength));
            Assert.Equal(plain, buffer[..plainLength]);
            Assert.False(receiver.TryUnprotectRtcp(copy, copy.Length, out _));
        }

        int last = WriteRtcp(buffer, 9);
        Assert.True(sender.TryProtectRtcp(buffer, last, out int tamperedLength));
        buffer[10] ^= 1;
        Assert.False(receiver.TryUnprotectRtcp(buffer, tamperedLength, out _));
        SrtpStatistics stats = receiver.Statistics;
        Assert.Equal(3, stats.ReplayDrops);
        Assert.Equal(1, stats.AuthenticationFailures);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void ProtectAndUnprotect_AllocateNothingAfterWarmUp(SrtpProfile profile)
    {
        using SrtpSession sender = Create(profile);
        using SrtpSession receiver = Create(profile);
        var buffer = new byte[1300];
        RunPackets(sender, receiver, buffer, 0, 4); // warm-up creates the stream state
        int next = 4;

        long allocated = AllocationProbe.Fewest(() =>
        {
            RunPackets(sender, receiver, buffer, next, 200);
            next += 200;
        });

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void BufferWithoutRoomForTag_IsRefused()
    {
        using SrtpSession sender = Create(SrtpProfile.AesCm128HmacSha1_80);
        var buffer = new byte[56];
        int length = WriteRtp(buffer, 1, 0, payloadLength: 28);

        Assert.False(sender.TryProtectRtp(buffer, length, out _));
        Assert.Equal(1, sender.Statistics.MalformedPackets);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void RandomAndMutatedInput_NeverThrowsOrAuthenticates(SrtpProfile profile)
    {
        using SrtpSession sender = Create(profile);
        using SrtpSession receiver = Create(profile);
        byte[] valid = Protect(sender, 500);
        var random = new Random(3711);
        for (int i = 0; i < 10_000; i++)
        {
            byte[] input = (i % 3) switch
            {
                0 => RandomBytes(random, random.Next(0, 80)),
                1 => valid[..random.Next(0, valid.Length)],
                _ => Flip(random, valid),
            };

            Assert.False(receiver.TryUnprotectRtp(input, input.Length, out _));
            Assert.False(receiver.TryUnprotectRtcp(input, input.Length, out _));
        }

        Assert.True(Unprotect(receiver, valid));
    }

    private static void RunPackets(SrtpSession sender, SrtpSession receiver, byte[] buffer, int from, int count)
    {
        for (int i = from; i < from + count; i++)
        {
            int length = WriteRtp(buffer, (ushort)i, i, payloadLength: 1200);
            Assert.True(sender.TryProtectRtp(buffer, length, out int protectedLength));
            Assert.True(receiver.TryUnprotectRtp(buffer, protectedLength, out _));
            length = WriteRtcp(buffer, i);
            Assert.True(sender.TryProtectRtcp(buffer, length, out protectedLength));
            Assert.True(receiver.TryUnprotectRtcp(buffer, protectedLength, out _));
        }
    }

    private static SrtpSession Create(SrtpProfile profile) =>
        new(profile, MasterKey, Enumerable.Range(0x40, profile.MasterSaltLength()).Select(i => (byte)i).ToArray());

    private static byte[] Protect(SrtpSession sender, ushort sequence)
    {
        var buffer = new byte[200];
        int length = WriteRtp(buffer, sequence, sequence);
        Assert.True(sender.TryProtectRtp(buffer, length, out int protectedLength));
        return buffer[..protectedLength];
    }

    private static bool Unprotect(SrtpSession receiver, byte[] packet) => receiver.TryUnprotectRtp(packet, packet.Length, out _);

    /// <summary>RTP with one CSRC and a one-byte header extension, so header length parsing matters.</summary>
    private static int WriteRtp(byte[] buffer, ushort sequence, int payloadSeed, int payloadLength = 100)
    {
        buffer[0] = 0x91; // V=2, X=1, CC=1
        buffer[1] = 96;
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(4), (uint)sequence * 3000);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(8), 0xCAFEBABE);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(12), 0x11111111);
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(16), 0xBEDE);
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(18), 1);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(20), 0x10FF0000);
        for (int i = 0; i < payloadLength; i++)
        {
            buffer[24 + i] = (byte)(payloadSeed + i);
        }

        return 24 + payloadLength;
    }

    /// <summary>A receiver report with one report block.</summary>
    private static int WriteRtcp(byte[] buffer, int seed)
    {
        buffer[0] = 0x81;
        buffer[1] = 201;
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), 7);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(4), 0xCAFEBABE);
        for (int i = 8; i < 32; i++)
        {
            buffer[i] = (byte)(seed + i);
        }

        return 32;
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Flip(Random random, byte[] source)
    {
        byte[] copy = (byte[])source.Clone();
        copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
        return copy;
    }
}

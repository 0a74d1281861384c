using System.Collections.Concurrent;
using Conference.Media.Rtp;
using Conference.Media.Sfu;
using Conference.Media.Sfu.Rooms;
using Conference.Media.Tests.Peer;

namespace Conference.Media.Tests.Sfu.Congestion;

/// <summary>The subscriber's sink over a real connection: each packet leaves with the next transport-wide number, remembered.</summary>
public sealed class SubscriberSinkTests
{
    [Fact]
    public async Task Every_packet_leaves_with_the_next_transport_wide_number_and_sending_does_not_allocate()
    {
        await using PeerTestRig rig = await PeerTestRig.ConnectAsync();
        var received = new ConcurrentQueue<byte[]>();
        rig.Client.RtpReceived += (_, _, packet) => received.Enqueue(packet.ToArray());
        var sink = new SubscriberSink(rig.Server, new SfuCounters(), new BandwidthEstimator()) { TransportCcExtensionId = 3 };
        byte[] rtp = PeerTestRig.RtpPacket(rig.Server.Tracks[0].LocalSsrc, 1, 111);
        ushort sequence = 1;
        ushort firstNumber = sink.Congestion.Sent.NextSequenceNumber;
        void Burst()
        {
            for (int i = 0; i < 200; i++)
            {
                RtpPacket.SetSequenceNumber(rtp, ++sequence);
                Assert.True(sink.SendRtp(rtp));
            }
        }
        // On the engine's loop, as the SFU sends (it owns the sink and the SRTP send context): warm-up (first-forward
        // sample, JIT), then the measured bursts.
        long allocated = await rig.Engine.InvokeAsync(() =>
        {
            Burst();
            return AllocationProbe.Fewest(Burst);
        });

        Assert.Equal(0, allocated);
        int sent = sequence - 1;
        Assert.Equal((ushort)(firstNumber + sent), sink.Congestion.Sent.NextSequenceNumber);
        ref var record = ref sink.Congestion.Sent.Find(firstNumber, out bool found);
        Assert.True(found);
        Assert.Equal(rtp.Length + TransportWideStamp.BlockLength + SubscriberSink.WireOverhead, record.Size);

        await PeerTestRig.Eventually(() => received.Count >= sent - 10, "the packets at the client"); // UDP on loopback: nearly all
        foreach (var packet in received)
        {
            Assert.True(RtpPacket.TryParse(packet, out var header));
            Assert.True(RtpHeaderExtensions.TryGetValue(packet, header, 3, out var value));
            Assert.True(TransportSequenceNumber.TryRead(value, out ushort number));
            Assert.Equal((ushort)(firstNumber + header.SequenceNumber - 2), number); // RTP 2 went out first, as number `firstNumber`
            Assert.Equal(PeerTestRig.RtpPacket(0, header.SequenceNumber, 111).AsSpan(12).ToArray(), header.GetPayload(packet).ToArray());
        }
    }
}

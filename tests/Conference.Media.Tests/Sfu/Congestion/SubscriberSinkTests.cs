using System.Collections.Concurrent;
using Conference.Media.Rtp;
using Conference.Media.Sfu;
using Conference.Media.Sfu.Pacing;
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
                Assert.True(sink.SendRtp(rtp, PacketPriority.Audio)); // audio is never held by the pacer
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

    [Fact]
    public async Task A_video_burst_waits_in_the_pacer_and_the_engine_tick_sends_it_all()
    {
        await using PeerTestRig rig = await PeerTestRig.ConnectAsync();
        var received = new ConcurrentQueue<ushort>();
        rig.Client.RtpReceived += (_, _, packet) =>
        {
            if (RtpPacket.TryParse(packet, out var header)) received.Enqueue(header.SequenceNumber);
        };
        var counters = new SfuCounters();
        var sink = new SubscriberSink(rig.Server, counters, new BandwidthEstimator()); // 1 Mbit/s before any feedback
        uint ssrc = rig.Server.Tracks[0].LocalSsrc;
        // A keyframe's worth (120 KB) at once: most of it must wait (2.5 Mbit/s pacing), and nothing but the tick sends it.
        var (queued, total) = await rig.Engine.InvokeAsync(() =>
        {
            for (ushort i = 1; i <= 100; i++) Assert.True(sink.SendRtp(PeerTestRig.RtpPacket(ssrc, i, 111, payloadLength: 1200), PacketPriority.Video));
            return (sink.Pacer.QueuedPackets, counters.Pacing.QueuedPackets);
        });
        Assert.InRange(queued, 90, 99);
        Assert.Equal(queued, total);

        // Every packet that waited went out (some while the burst was still being sent, the rest on the tick).
        await PeerTestRig.Eventually(() => counters.Pacing.QueuedPackets == 0 && counters.Pacing.DelayedPackets >= queued, "the queue sent by the tick");
        await PeerTestRig.Eventually(() => received.Count >= 90, "the packets at the client"); // UDP on loopback: nearly all
        Assert.Equal(received.OrderBy(s => s), received); // in order
        Assert.Equal(0, await rig.Engine.InvokeAsync(() => rig.Engine.TickerCount)); // the tick stopped with the queue empty
    }
}

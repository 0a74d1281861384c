using System.Buffers.Binary;
using System.Collections.Concurrent;
using Conference.Media.Peer;
using Conference.Media.Rtp;
using Conference.Media.Sfu;
using Conference.Media.Tests.Peer;
using static Conference.Media.Tests.Sfu.TestPackets;

namespace Conference.Media.Tests.Sfu;

/// <summary>The fan-out between two real peers of one engine over loopback: SRTP, routing and RTCP included.</summary>
public sealed class SfuOverPeersTests
{
    [Fact]
    public async Task Publisher_video_reaches_the_subscriber_rewritten_with_keyframe_request_and_rtx_answer()
    {
        await using var engine = MediaEngine.Start(new MediaEngineOptions());
        await using var publisher = await PeerTestRig.ConnectAsync(engine: engine, offer: PeerTestRig.AudioVideoData(0x1111, 0x2222));
        await using var subscriber = await PeerTestRig.ConnectAsync(engine: engine, offer: PeerTestRig.AudioVideoData(0x3333, 0x4444));
        PeerTrack published = publisher.Server.Tracks.Single(t => t.Kind == "video");
        PeerTrack outgoing = subscriber.Server.Tracks.Single(t => t.Kind == "video");
        byte vp8 = (byte)published.Codecs.First(c => c.Name == "VP8").PayloadType;

        using var track = new PublishedTrackFanout(new PublishedTrackOptions
        {
            Kind = "video", ClockRate = 90000, Codec = VideoCodec.Vp8,
            MediaPayloadTypes = NegotiatedCodecs.MediaPayloadTypes(published.Codecs),
        }, new PeerMediaSink(publisher.Server));
        publisher.Server.RtpReceived += (_, t, rtp) => { if (t == published) track.OnPublisherRtp(rtp); };
        var subscription = track.Subscribe(new PeerMediaSink(subscriber.Server), outgoing.LocalSsrc,
            NegotiatedCodecs.MapPayloadTypes(published.Codecs, outgoing.Codecs),
            NegotiatedCodecs.Rtx(outgoing.Codecs, outgoing.LocalRtxSsrc));
        subscriber.Server.RtcpReceived += (_, rtcp) => subscription.OnRtcp(rtcp);

        var atPublisher = new ConcurrentQueue<byte[]>();
        var atSubscriber = new ConcurrentQueue<byte[]>();
        publisher.Client.RtcpReceived += (_, rtcp) => atPublisher.Enqueue(rtcp.ToArray());
        subscriber.Client.RtpReceived += (_, _, rtp) => atSubscriber.Enqueue(rtp.ToArray());

        // A delta frame first: nothing to forward yet, and the publisher is asked for a keyframe.
        Assert.True(publisher.Client.SendRtp(Packet(1, 3000, 0x2222, vp8, Vp8DeltaPayload)));
        await PeerTestRig.Eventually(() => atPublisher.Any(p => PictureLossIndication.TryParse(p, out _, out uint m) && m == 0x2222), "PLI at the publisher");

        Assert.True(publisher.Client.SendRtp(Packet(2, 6000, 0x2222, vp8, Vp8KeyframePayload)));
        Assert.True(publisher.Client.SendRtp(Packet(3, 9000, 0x2222, vp8, Vp8DeltaPayload)));
        await PeerTestRig.Eventually(() => atSubscriber.Count >= 2, "two packets at the subscriber");
        var received = atSubscriber.ToArray();
        Assert.All(received, p => Assert.Equal(outgoing.LocalSsrc, Header(p).Ssrc));
        Assert.Equal([2, 3], received.Select(p => (int)Header(p).SequenceNumber).Order());
        Assert.Equal(Vp8KeyframePayload, received.Single(p => Header(p).SequenceNumber == 2).AsSpan(12).ToArray());

        // The subscriber lost packet 3: it comes back on the RTX SSRC with the original number in front.
        var nack = new byte[32];
        Assert.True(GenericNack.TryWrite(nack, 0x4444, outgoing.LocalSsrc, [3], out int n));
        Assert.True(subscriber.Client.SendRtcp(nack.AsSpan(0, n)));
        await PeerTestRig.Eventually(() => atSubscriber.Any(p => Header(p).Ssrc == outgoing.LocalRtxSsrc), "RTX at the subscriber");
        var rtx = atSubscriber.First(p => Header(p).Ssrc == outgoing.LocalRtxSsrc);
        Assert.Equal(3, BinaryPrimitives.ReadUInt16BigEndian(Header(rtx).GetPayload(rtx)));
        Assert.Equal(Vp8DeltaPayload, Header(rtx).GetPayload(rtx)[2..].ToArray());
    }
}

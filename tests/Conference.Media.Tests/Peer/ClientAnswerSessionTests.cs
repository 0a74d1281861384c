using System.Collections.Concurrent;
using Conference.Media.Dtls;
using Conference.Media.Peer;
using Conference.Media.Sctp;
using Conference.Media.Sdp;

namespace Conference.Media.Tests.Peer;

/// <summary>
/// Two of our clients over loopback UDP: one offers (full ICE, controlling), the other answers (full ICE, controlled,
/// DTLS client). Media and data flow, then re-offers add and remove sections without a new handshake.
/// </summary>
public sealed class ClientAnswerSessionTests
{
    private const uint AudioSsrc = 0x0A0A, VideoSsrc = 0x0B0B;

    [Fact]
    public async Task Answers_our_offering_client_then_re_offers_route_new_sections_and_drop_removed_ones()
    {
        await using WebRtcClientPeer offerer = WebRtcClientPeer.Create();
        await using WebRtcClientPeer answerer = WebRtcClientPeer.Create();
        string offerSdp = offerer.CreateOffer(new ClientOfferOptions { DataChannel = true }.WithAudio(AudioSsrc, MediaDirection.SendOnly));
        Assert.True(answerer.TryAcceptOffer(offerSdp, null, out string? answer, out string? error), error);
        Assert.True(offerer.TrySetAnswer(answer!, out error), error);
        await Task.WhenAll(offerer.Connected, answerer.Connected).WaitAsync(PeerTestRig.Wait);
        Assert.Equal(DtlsRole.Client, answerer.DtlsRole);
        Assert.Equal(DtlsRole.Server, offerer.DtlsRole);
        Assert.Equal(Conference.Media.Ice.IceRole.Controlled, answerer.LocalIceRole); // two full agents: the offerer controls
        Assert.Equal(Conference.Media.Ice.IceRole.Controlling, offerer.LocalIceRole);

        var received = new ConcurrentQueue<(string Mid, byte[] Packet)>();
        answerer.RtpReceived += (_, track, packet) => received.Enqueue((track.Mid, packet.ToArray()));
        byte[] audio = PeerTestRig.RtpPacket(AudioSsrc, 1, 111, 80);
        Assert.True(offerer.SendRtp(audio));
        await PeerTestRig.Eventually(() => received.Count == 1, "audio at the answerer");
        Assert.Equal("0", received.Single().Mid);
        Assert.Equal(audio, received.Single().Packet);

        // The data section of the first offer carries channels: the offerer opens one, the answerer sees it and its message.
        var opened = new TaskCompletionSource<DataChannel>(TaskCreationOptions.RunContinuationsAsynchronously);
        answerer.DataChannelOpened += channel => opened.TrySetResult(channel);
        DataChannel fromOfferer = offerer.CreateDataChannel("reliable");
        DataChannel atAnswerer = await opened.Task.WaitAsync(PeerTestRig.Wait);
        Assert.Equal("reliable", atAnswerer.Label);
        var message = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        atAnswerer.MessageReceived += (_, data) => message.TrySetResult(data);
        await PeerTestRig.Eventually(() => fromOfferer.State == DataChannelState.Open, "the offerer's channel open");
        fromOfferer.Send("hello"u8.ToArray());
        Assert.Equal("hello"u8.ToArray(), await message.Task.WaitAsync(PeerTestRig.Wait));

        // Re-offer 1: a video section is appended; its SSRC becomes routable without a new handshake.
        Assert.True(SessionDescription.TryParse(offerSdp, out SessionDescription reOffer, out string parseError), parseError);
        MediaDescription video = AppendVideo(reOffer, VideoSsrc);
        Assert.True(answerer.TryAcceptOffer(reOffer.ToString(), null, out string? second, out error), error);
        Assert.Equal(["0", video.Mid], answerer.Tracks.Select(t => t.Mid));
        byte[] videoPacket = PeerTestRig.RtpPacket(VideoSsrc, 1, 96, 900);
        Assert.True(offerer.SendRtp(videoPacket));
        await PeerTestRig.Eventually(() => received.Count == 2, "video at the answerer");
        Assert.Equal(video.Mid, received.Last().Mid);
        Assert.Equal(videoPacket, received.Last().Packet);

        // Re-offer 2: the audio section is removed (port 0): its packets are no longer delivered.
        reOffer.Media[0].Port = 0;
        reOffer.Media[0].Direction = MediaDirection.Inactive;
        reOffer.BundleGroup!.Mids.Remove("0");
        Assert.True(answerer.TryAcceptOffer(reOffer.ToString(), null, out _, out error), error);
        Assert.Equal([video.Mid], answerer.Tracks.Select(t => t.Mid));
        long unroutable = answerer.Counters.DroppedUnroutableRtp;
        Assert.True(offerer.SendRtp(PeerTestRig.RtpPacket(AudioSsrc, 2, 111, 80)));
        Assert.True(offerer.SendRtp(PeerTestRig.RtpPacket(VideoSsrc, 2, 96, 900)));
        await PeerTestRig.Eventually(() => received.Count == 3, "the second video packet");
        await PeerTestRig.Eventually(() => answerer.Counters.DroppedUnroutableRtp == unroutable + 1, "the audio packet dropped as unroutable");
        Assert.Equal(video.Mid, received.Last().Mid);
        Assert.Equal(PeerState.Connected, answerer.State); // one handshake for the whole exchange
    }

    /// <summary>A sendonly VP8 section with a fresh mid, bundled, with the offerer's transport attributes copied.</summary>
    private static MediaDescription AppendVideo(SessionDescription offer, uint ssrc)
    {
        MediaDescription first = offer.Media[0];
        var media = new MediaDescription
        {
            Kind = MediaDescription.Video, Connection = SdpConnection.Placeholder, Mid = "v" + offer.Media.Count,
            Direction = MediaDirection.SendOnly, RtcpMux = true, IceUfrag = first.IceUfrag, IcePwd = first.IcePwd, Setup = first.Setup,
        };
        media.Fingerprints.AddRange(first.Fingerprints);
        media.SetCodecs([new RtpCodec(96, "VP8", 90000)]);
        media.Ssrcs.Add(new SsrcAttribute(ssrc, "cname", "offerer"));
        offer.Media.Add(media);
        offer.BundleGroup!.Mids.Add(media.Mid);
        return media;
    }
}

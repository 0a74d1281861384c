using System.Diagnostics;
using Conference.Media.Peer;
using Conference.Media.Rtp;
using Conference.Media.Sdp;
using Conference.SfuLoad.Signaling;

namespace Conference.SfuLoad.Media;

/// <summary>
/// A publisher: our offering client with a sendonly Opus and a sendonly VP8 section, published through the signaling,
/// then driven by <see cref="PacingLoop"/>. A PLI or FIR from the SFU (RFC 4585 §6.3.1, RFC 5104 §4.3.1) makes the
/// next frame a keyframe, as a browser's encoder would.
/// </summary>
public sealed class SyntheticPublisher : IAsyncDisposable
{
    private readonly MediaProfile _profile;
    private readonly byte[] _packet = new byte[MediaProfile.MaxRtpPacket];
    private readonly uint _audioSsrc, _videoSsrc;
    private byte _audioPt = 111, _videoPt = 96;
    private ushort _audioSeq, _videoSeq;
    private uint _audioTs, _videoTs;
    private long _nextAudio, _nextVideo, _nextKeyframe;
    private int _keyframeRequested;
    private long _keyframeRequests;

    private SyntheticPublisher(WebRtcClientPeer peer, ISfuParticipant participant, MediaProfile profile, uint ssrcBase)
    {
        Peer = peer;
        Participant = participant;
        _profile = profile;
        _audioSsrc = ssrcBase;
        _videoSsrc = ssrcBase + 1;
        _audioSeq = (ushort)Random.Shared.Next();
        _videoSeq = (ushort)Random.Shared.Next();
        peer.RtcpReceived += (_, rtcp) => OnRtcp(rtcp);
    }

    public WebRtcClientPeer Peer { get; }

    public ISfuParticipant Participant { get; }

    /// <summary>Packets sent whose send time fell in the measured window (written by the pacing thread only).</summary>
    public long SentInWindow { get; private set; }

    /// <summary>PLIs and FIRs received from the SFU.</summary>
    public long KeyframeRequests => Interlocked.Read(ref _keyframeRequests);

    public static async Task<SyntheticPublisher> StartAsync(ISfuParticipant participant, MediaProfile profile, uint ssrcBase,
        System.Net.IPAddress address, Conference.Media.Transport.UdpReceiveGroup? receiveGroup, Measure.ClientConnectTimes times,
        CancellationToken cancel)
    {
        var peer = WebRtcClientPeer.Create(new WebRtcClientOptions
        {
            BindAddress = address, Certificate = ClientCertificate.Shared, ReceiveGroup = receiveGroup,
        });
        var publisher = new SyntheticPublisher(peer, participant, profile, ssrcBase);
        try
        {
            var offer = new ClientOfferOptions { DataChannel = false }
                .WithAudio(ssrcBase, MediaDirection.SendOnly)
                .WithVideo(ssrcBase + 1, direction: MediaDirection.SendOnly);
            long publishStarted = Stopwatch.GetTimestamp();
            string sdp = peer.CreateOffer(offer);
            // ClientOffer names each track "<kind>-<mid>" in a=msid: that is the clientTrackId tying it to the room track.
            string answer = await participant.PublishAsync(sdp,
                [new PublishedTrackSpec("audio", "microphone", "audio-0"), new PublishedTrackSpec("video", "camera", "video-1")], cancel);
            long answered = Stopwatch.GetTimestamp();
            times.Add("publisher", "publish", publishStarted, answered);
            if (!peer.TrySetAnswer(answer, out string? error)) throw new InvalidOperationException($"the SFU's publisher answer was refused: {error}");
            try
            {
                await peer.Connected.WaitAsync(TimeSpan.FromSeconds(30), cancel);
                times.Add("publisher", "connect", answered, Stopwatch.GetTimestamp());
            }
            catch (Exception e) when (e is TimeoutException or InvalidOperationException)
            {
                var c = peer.Counters;
                throw new TimeoutException($"{e.Message} (client: {c.DatagramsSent} datagrams sent, {c.DatagramsReceived} received, " +
                    $"{c.StunReceived} STUN in, {c.DtlsReceived} DTLS in, {c.SendFailures} send failures)", e);
            }
            foreach (PeerTrack track in peer.Tracks)
            {
                // Payload types are the offerer's (ours), but read them from what was negotiated.
                byte pt = (byte)track.Codecs.First(c => !c.IsRtx && !c.IsRed && !c.IsUlpfec).PayloadType;
                if (track.Kind == MediaDescription.Audio) publisher._audioPt = pt;
                else publisher._videoPt = pt;
            }
            return publisher;
        }
        catch
        {
            await publisher.DisposeAsync();
            throw;
        }
    }

    /// <summary>Pacing thread: sends every audio packet and video frame that is due; a stall longer than 1 s is skipped, not burst.</summary>
    internal void SendDue(long now, long windowFrom, long windowUntil)
    {
        if (_nextAudio == 0) _nextAudio = _nextVideo = _nextKeyframe = now;
        if (now - _nextAudio > Stopwatch.Frequency) _nextAudio = now;
        if (now - _nextVideo > Stopwatch.Frequency) _nextVideo = now;
        while (_nextAudio <= now)
        {
            if (SendAudio() && now >= windowFrom && now < windowUntil) SentInWindow++;
            _nextAudio += MediaProfile.AudioInterval;
            _audioTs += 960; // 20 ms at 48 kHz
        }
        while (_nextVideo <= now)
        {
            bool keyframe = now >= _nextKeyframe || Interlocked.Exchange(ref _keyframeRequested, 0) == 1;
            if (keyframe) _nextKeyframe = now + (long)(_profile.KeyframeInterval.TotalSeconds * Stopwatch.Frequency);
            int sent = SendFrame(keyframe);
            if (now >= windowFrom && now < windowUntil) SentInWindow += sent;
            _nextVideo += _profile.VideoInterval;
            _videoTs += (uint)(90000 / _profile.FramesPerSecond);
        }
    }

    private bool SendAudio()
    {
        var writer = new RtpPacketWriter(_packet, _audioPt, _audioSeq++, _audioTs, _audioSsrc);
        Span<byte> payload = stackalloc byte[Math.Max(_profile.AudioPayloadBytes, SyntheticPayloads.MinimumAudioPayload)];
        int length = SyntheticPayloads.WriteAudio(payload, payload.Length, Stopwatch.GetTimestamp());
        return writer.TryComplete(payload.Slice(0, length), out int total) && Peer.SendRtp(_packet.AsSpan(0, total));
    }

    /// <summary>One frame split evenly into packets of at most 1200 bytes; the last carries the RTP marker bit.</summary>
    private int SendFrame(bool keyframe)
    {
        int packets = _profile.VideoPacketsPerFrame;
        int perPacket = Math.Max(_profile.VideoFrameBytes / packets, SyntheticPayloads.MinimumVideoPayload);
        Span<byte> payload = stackalloc byte[MediaProfile.MaxRtpPacket - MediaProfile.RtpHeaderLength];
        int sent = 0;
        for (int i = 0; i < packets; i++)
        {
            int length = SyntheticPayloads.WriteVideo(payload, perPacket, Stopwatch.GetTimestamp(), firstOfFrame: i == 0, keyframe);
            var writer = new RtpPacketWriter(_packet, _videoPt, _videoSeq++, _videoTs, _videoSsrc, marker: i == packets - 1);
            if (writer.TryComplete(payload.Slice(0, length), out int total) && Peer.SendRtp(_packet.AsSpan(0, total))) sent++;
        }
        return sent;
    }

    private void OnRtcp(ReadOnlySpan<byte> compound)
    {
        var reader = new RtcpCompoundReader(compound);
        while (reader.TryReadNext(out RtcpPacketView packet))
        {
            // PSFB with FMT 1 (PLI) or 4 (FIR).
            if (packet.Header.PacketType == RtcpPacketType.PayloadSpecificFeedback && packet.Header.Count is 1 or 4)
            {
                Interlocked.Exchange(ref _keyframeRequested, 1);
                Interlocked.Increment(ref _keyframeRequests);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Peer.DisposeAsync();
    }
}

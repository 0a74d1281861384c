using System.Buffers.Binary;
using Conference.Media.Rtp;
using Conference.Media.Sfu.Pacing;

namespace Conference.Media.Sfu;

/// <summary>
/// One subscriber of one published track: its forwarder, NACK responder, sender statistics and (simulcast)
/// layer selector. Created by <see cref="PublishedTrackFanout.Subscribe"/>.
/// </summary>
public sealed class TrackSubscription
{
    private const int MaxNackedPerPacket = 256;
    private readonly PublishedTrackFanout _track;
    private SenderInfo _sourceReport;
    private uint _sourceReportSsrc;
    private long _sourceReportArrival;
    private bool _haveSourceReport;
    private bool _paused;

    internal TrackSubscription(PublishedTrackFanout track, IMediaSink sink, RtpForwarder forwarder, NackResponder nacks,
        SenderStats stats, SimulcastLayerSelector? layers)
    {
        _track = track;
        Sink = sink;
        Forwarder = forwarder;
        Nacks = nacks;
        Stats = stats;
        Layers = layers;
    }

    public IMediaSink Sink { get; }
    public RtpForwarder Forwarder { get; }
    public NackResponder Nacks { get; }
    public SenderStats Stats { get; }

    /// <summary>Null unless the track is simulcast; feed it the subscriber's <see cref="BandwidthEstimator.Estimate"/>.</summary>
    public SimulcastLayerSelector? Layers { get; }

    public long PacketsSent { get; private set; }

    /// <summary>Layer switches already added to the room's counters (loop only).</summary>
    internal long CountedSwitches { get; set; }

    /// <summary>Bandwidth-caused layer switches already added to the room's counters (loop only).</summary>
    internal long CountedBandwidthSwitches { get; set; }

    /// <summary>
    /// While paused nothing is forwarded (a hidden tile, a subscriber-side mute). Resuming continues the same
    /// output stream from the next keyframe (<see cref="RtpForwarder.Resync"/>): numbering stays continuous and the
    /// timestamp advances by the paused time, so the subscriber's decoder sees a gap, not a broken stream.
    /// </summary>
    public bool IsPaused
    {
        get => _paused;
        set
        {
            if (_paused && !value)
            {
                Forwarder.Resync();
                Layers?.Restart();
            }
            _paused = value;
        }
    }

    /// <summary>
    /// The subscriber's RTCP (the whole compound; only what concerns <see cref="RtpForwarder.OutputSsrc"/> is used):
    /// NACKs are answered from the cache, PLI/FIR become a keyframe request to the publisher.
    /// Receiver reports and REMB are per subscriber, not per track: feed them to its <see cref="BandwidthEstimator"/>.
    /// </summary>
    public void OnRtcp(ReadOnlySpan<byte> compound)
    {
        uint ssrc = Forwarder.OutputSsrc;
        var reader = new RtcpCompoundReader(compound);
        while (reader.TryReadNext(out var view))
        {
            if (GenericNack.TryParse(view.Packet, out var nack))
            {
                if (nack.MediaSsrc == ssrc) Retransmit(nack);
            }
            else if (PictureLossIndication.TryParse(view.Packet, out _, out uint mediaSsrc))
            {
                if (mediaSsrc == ssrc) RequestKeyframe();
            }
            else if (FullIntraRequest.TryParse(view.Packet, out var fir))
            {
                for (int i = 0; i < fir.EntryCount; i++)
                {
                    if (fir.GetEntry(i).Ssrc == ssrc) RequestKeyframe();
                }
            }
        }
    }

    /// <summary>
    /// The subscriber's pacer dropped this stream's queued video from <paramref name="firstUnsent"/> on (its link took
    /// far less than was sent): continue from that number at the next keyframe (requested with the next packet), so the
    /// subscriber sees neither a gap to NACK nor frames it cannot decode.
    /// </summary>
    public void RestartAtKeyframe(ushort firstUnsent)
    {
        Forwarder.ResyncFrom(firstUnsent);
        Layers?.Restart();
    }

    /// <summary>Asks the publisher for a keyframe of the stream this subscriber receives (or, while switching, will receive).</summary>
    public bool RequestKeyframe()
    {
        var stream = Layers is not null ? _track.FindLayer(Layers.TargetLayer) : _track.FindStream(Forwarder.SourceSsrc);
        stream ??= _track.FindLayer(0);
        return stream is not null && _track.RequestKeyframe(stream);
    }

    /// <summary>
    /// An SR for this subscriber's stream (RFC 3550 §6.4.1); false until something was forwarded. When the current
    /// source has sent an SR, its NTP ↔ RTP mapping is translated (RTP shifted by the segment's timestamp offset,
    /// both advanced by the time since): the subscriber then aligns this participant's audio and video exactly as
    /// the publisher's clock says (lip sync). Otherwise the SFU's wall clock at forwarding time stands in.
    /// </summary>
    public bool TryWriteSenderReport(Span<byte> destination, out int written)
    {
        written = 0;
        if (Stats.PacketCount == 0) return false;
        if (_haveSourceReport && _sourceReportSsrc == Forwarder.SourceSsrc &&
            Forwarder.TryGetSegment(Forwarder.LastOutputSequenceNumber, out var segment) && segment.SourceSsrc == _sourceReportSsrc)
        {
            var time = _track.Time;
            double seconds = (double)(time.GetTimestamp() - _sourceReportArrival) / time.TimestampFrequency;
            ulong ntp = _sourceReport.NtpTimestamp + (ulong)(seconds * 4294967296.0);
            uint rtp = _sourceReport.RtpTimestamp + segment.TimestampOffset + (uint)(long)(seconds * Forwarder.ClockRate);
            return SenderReport.TryWrite(destination, Stats.Ssrc, new SenderInfo(ntp, rtp, Stats.PacketCount, Stats.OctetCount), [], out written);
        }
        return Stats.TryWriteSenderReport(destination, [], out written);
    }

    /// <summary>The publisher's SR for one of its streams (from <see cref="PublishedTrackFanout.OnPublisherRtcp"/>).</summary>
    internal void OnSourceSenderReport(uint ssrc, in SenderInfo info)
    {
        // Simulcast publishers report every layer; only the one forwarded now describes this stream.
        if (ssrc != Forwarder.SourceSsrc) return;
        _sourceReportSsrc = ssrc;
        _sourceReport = info;
        _sourceReportArrival = _track.Time.GetTimestamp();
        _haveSourceReport = true;
    }

    internal void OnPublisherPacket(ReadOnlySpan<byte> packet, in RtpHeader header, PublishedStream stream, bool keyframe)
    {
        if (_paused) return;
        if (Layers is not null && !Layers.ShouldForward(stream.Layer, keyframe))
        {
            if (Layers.WantsKeyframe(stream.Layer)) _track.RequestKeyframe(stream);
            return;
        }

        var scratch = _track.RtpScratch;
        packet.CopyTo(scratch);
        switch (Forwarder.Forward(scratch, header, keyframe))
        {
            case ForwardResult.Forwarded:
                Stats.OnPacketSent(BinaryPrimitives.ReadUInt32BigEndian(scratch.AsSpan(4)), header.PayloadLength);
                if (Sink.SendRtp(scratch.AsSpan(0, packet.Length), _track.Options.IsVideo ? PacketPriority.Video : PacketPriority.Audio)) PacketsSent++;
                break;
            case ForwardResult.WaitingForKeyframe:
                _track.RequestKeyframe(stream);
                break;
        }
    }

    private void Retransmit(in GenericNack nack)
    {
        Span<ushort> lost = stackalloc ushort[MaxNackedPerPacket];
        int count = nack.GetLostSequenceNumbers(lost);
        var scratch = _track.RtpScratch;
        for (int i = 0; i < count; i++)
        {
            if (Nacks.TryBuildRetransmission(lost[i], scratch, out int length) == RetransmissionResult.Built)
            {
                Sink.SendRtp(scratch.AsSpan(0, length), PacketPriority.Retransmission);
            }
        }
    }
}

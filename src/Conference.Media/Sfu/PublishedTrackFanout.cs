using Conference.Media.Rtp;

namespace Conference.Media.Sfu;

/// <summary>
/// One published track and everyone subscribed to it: the composition of the SFU media plane for a track.
/// Per publisher packet: validate, account (<see cref="ReceiverStats"/>), cache (<see cref="PacketCache"/>),
/// detect a keyframe once, then per subscription choose the layer (<see cref="SimulcastLayerSelector"/>),
/// rewrite a copy (<see cref="RtpForwarder"/>) and send it; a forwarder waiting for a keyframe triggers a
/// rate-limited PLI/FIR to the publisher (<see cref="KeyframeRequester"/>).
/// <para>
/// Threading: <see cref="OnPublisherRtp"/>, <see cref="OnPublisherRtcp"/> and every <see cref="TrackSubscription.OnRtcp"/>
/// must come from one loop (the engine's receive loop — one socket, one loop); the scratch buffers are shared.
/// <see cref="Subscribe"/>/<see cref="Unsubscribe"/> may come from any thread.
/// </para>
/// </summary>
public sealed class PublishedTrackFanout : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<uint, PublishedStream> _streams = new();
    /// <summary>Handed-over streams that have not carried a packet here yet (see <see cref="Seed"/>).</summary>
    private readonly HashSet<uint> _seeded = new();
    private readonly string[] _rids;
    private readonly TimeProvider _time;
    private readonly byte[] _rtpScratch = new byte[PacketCache.MaxPacketLength + 2];
    private readonly byte[] _rtcpScratch = new byte[64];
    private TrackSubscription[] _subscriptions = [];
    private bool _disposed;

    public PublishedTrackFanout(PublishedTrackOptions options, IMediaSink publisher, TimeProvider? time = null)
    {
        Options = options;
        Publisher = publisher;
        _time = time ?? TimeProvider.System;
        _rids = options.SimulcastLayers.OrderBy(l => l.Bitrate).Select(l => l.Rid).ToArray();
    }

    public PublishedTrackOptions Options { get; }
    public IMediaSink Publisher { get; }
    public IReadOnlyList<TrackSubscription> Subscriptions => Volatile.Read(ref _subscriptions);

    /// <summary>Publisher streams seen so far (read from the receive loop only).</summary>
    public IReadOnlyCollection<PublishedStream> Streams => _streams.Values;

    /// <summary>Simulcast streams learned from their packets' rid so far (a count that only grows; loop only).</summary>
    public int LearnedStreams { get; private set; }

    /// <summary>
    /// Simulcast: a stream another router learned (its SSRC and rid), handed over at a media move. A browser that
    /// ICE-restarts onto this router keeps its SSRCs and no longer sends the rid (RFC 8852 allows stopping once the
    /// SSRC is acknowledged), so without this its packets could not be told apart. Loop only. False when the SSRC is
    /// known already or the rid is not one of this track's layers.
    /// </summary>
    public bool Seed(uint ssrc, string rid)
    {
        int layer = Array.IndexOf(_rids, rid);
        if (!Options.IsSimulcast || layer < 0 || _streams.ContainsKey(ssrc)) return false;
        _streams.Add(ssrc, new PublishedStream(ssrc, layer, Options, _time));
        _seeded.Add(ssrc);
        return true;
    }

    /// <summary>The rid of a simulcast stream (its layer's name).</summary>
    public string RidOf(PublishedStream stream) => _rids[stream.Layer];

    /// <summary>Whether the stream was handed over (<see cref="Seed"/>) rather than learned here.</summary>
    public bool IsSeeded(uint ssrc) => _seeded.Contains(ssrc);

    internal byte[] RtpScratch => _rtpScratch;
    internal TimeProvider Time => _time;

    /// <summary>Adds a subscriber; it starts at the next keyframe (video), which its forwarder asks for.</summary>
    /// <param name="outputSsrc">The SSRC announced to the subscriber for this track.</param>
    /// <param name="payloadTypes">Publisher → subscriber payload types.</param>
    /// <param name="rtx">The subscriber's RTX SSRC and payload types, null without RTX.</param>
    public TrackSubscription Subscribe(IMediaSink subscriber, uint outputSsrc, PayloadTypeMap payloadTypes, RtxParameters? rtx = null)
    {
        var forwarder = new RtpForwarder(outputSsrc, Options.ClockRate, payloadTypes, startAtKeyframe: Options.IsVideo, _time);
        var nacks = new NackResponder(forwarder, CacheFor, rtx, _time);
        var layers = Options.IsSimulcast ? new SimulcastLayerSelector(Options.SimulcastLayers) : null;
        var subscription = new TrackSubscription(this, subscriber, forwarder, nacks, new SenderStats(outputSsrc, Options.ClockRate, _time), layers);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Volatile.Write(ref _subscriptions, [.. _subscriptions, subscription]);
        }
        return subscription;
    }

    public bool Unsubscribe(TrackSubscription subscription)
    {
        lock (_gate)
        {
            int index = Array.IndexOf(_subscriptions, subscription);
            if (index < 0) return false;
            Volatile.Write(ref _subscriptions, [.. _subscriptions.AsSpan(0, index), .. _subscriptions.AsSpan(index + 1)]);
            return true;
        }
    }

    /// <summary>One decrypted RTP packet from the publisher for this track. False when it was not forwarded at all.</summary>
    public bool OnPublisherRtp(ReadOnlySpan<byte> packet) =>
        RtpPacket.TryParse(packet, out var header) && OnPublisherRtp(packet, header);

    /// <summary>The same, for a caller that parsed the header already (it reads the packet's extensions too).</summary>
    public bool OnPublisherRtp(ReadOnlySpan<byte> packet, in RtpHeader header)
    {
        if (_disposed || packet.Length > PacketCache.MaxPacketLength) return false;
        if (header.PayloadLength == 0 || !Options.MediaPayloadTypes.Contains(header.PayloadType)) return false;
        if (!TryGetStream(packet, header, out var stream)) return false;

        stream.Stats.OnPacket(header);
        stream.Cache.Store(packet, header);
        var payload = header.GetPayload(packet);
        bool keyframe = Options.IsVideo && KeyframeDetector.IsKeyframeStart(Options.Codec, payload);
        stream.OnPacket(packet.Length, _time.GetTimestamp(), Options.Codec, keyframe, payload);

        foreach (var subscription in Volatile.Read(ref _subscriptions))
        {
            subscription.OnPublisherPacket(packet, header, stream, keyframe);
        }
        return true;
    }

    /// <summary>RTCP from the publisher: SRs feed LSR/DLSR of our receiver reports and the subscribers' SR translation.</summary>
    public void OnPublisherRtcp(ReadOnlySpan<byte> compound)
    {
        var reader = new RtcpCompoundReader(compound);
        while (reader.TryReadNext(out var view))
        {
            if (SenderReport.TryParse(view.Packet, out var sr) && _streams.TryGetValue(sr.Ssrc, out var stream))
            {
                stream.Stats.OnSenderReport(sr.Info);
                foreach (var subscription in Volatile.Read(ref _subscriptions))
                {
                    subscription.OnSourceSenderReport(sr.Ssrc, sr.Info);
                }
            }
        }
    }

    /// <summary>Asks the publisher for a keyframe on one stream, at most once per interval; true when a request went out.</summary>
    public bool RequestKeyframe(PublishedStream stream)
    {
        if (!stream.Keyframes.TryRequestKeyframe(_rtcpScratch, out int written)) return false;
        return Publisher.SendRtcp(_rtcpScratch.AsSpan(0, written));
    }

    /// <summary>The stream a subscriber currently receives (or wants), by SSRC; null when unknown.</summary>
    public PublishedStream? FindStream(uint ssrc) => _streams.GetValueOrDefault(ssrc);

    /// <summary>The stream carrying a simulcast layer (or the only stream), null before it was seen.</summary>
    public PublishedStream? FindLayer(int layer)
    {
        foreach (var stream in _streams.Values)
        {
            if (stream.Layer == layer) return stream;
        }
        return null;
    }

    /// <summary>Simulcast: the layer names (rids), low → high, in the order <see cref="PublishedStream.Layer"/> counts them.</summary>
    public IReadOnlyList<string> LayerRids => _rids;

    /// <summary>Report blocks for an RR to the publisher, one per stream (advances each stream's loss interval).</summary>
    public int CreateReportBlocks(Span<ReportBlock> destination)
    {
        int count = 0;
        foreach (var stream in _streams.Values)
        {
            if (count == destination.Length) break;
            destination[count++] = stream.Stats.CreateReportBlock();
        }
        return count;
    }

    /// <summary>
    /// Our RTCP for the publisher: an RR with a block per stream (RFC 3550 §6.4.2), then, when given, a REMB
    /// (e.g. from <see cref="PublisherBitrateLimit.Compute"/>) naming every stream. Reduced-size (RFC 5506): no SDES.
    /// </summary>
    public bool TryWritePublisherReport(Span<byte> destination, ulong? rembBitrate, out int written)
    {
        written = 0;
        Span<ReportBlock> blocks = stackalloc ReportBlock[8];
        int count = CreateReportBlocks(blocks);
        if (!ReceiverReport.TryWrite(destination, Options.RtcpSenderSsrc, blocks[..count], out int rr)) return false;
        written = rr;
        if (rembBitrate is not { } bitrate || count == 0) return true;

        Span<uint> ssrcs = stackalloc uint[count];
        for (int i = 0; i < count; i++) ssrcs[i] = blocks[i].Ssrc;
        if (!ReceiverEstimatedMaxBitrate.TryWrite(destination[rr..], Options.RtcpSenderSsrc, bitrate, ssrcs, out int remb)) return false;
        written += remb;
        return true;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _subscriptions = [];
        }
        foreach (var stream in _streams.Values) stream.Dispose();
    }

    /// <summary>A new SSRC names a layer with its rid: a handed-over stream of that layer that never carried a packet is stale.</summary>
    private void DropSeeded(int layer)
    {
        foreach (uint ssrc in _seeded)
        {
            if (_streams[ssrc].Layer != layer) continue;
            _streams.Remove(ssrc, out var stale);
            _seeded.Remove(ssrc);
            stale!.Dispose();
            return;
        }
    }

    private PacketCache? CacheFor(uint ssrc) => _streams.TryGetValue(ssrc, out var stream) ? stream.Cache : null;

    private bool TryGetStream(ReadOnlySpan<byte> packet, in RtpHeader header, out PublishedStream stream)
    {
        if (_streams.TryGetValue(header.Ssrc, out stream!))
        {
            if (_seeded.Count > 0) _seeded.Remove(header.Ssrc); // it carries packets: no longer a mere hand-over
            return true;
        }
        int layer = 0;
        if (Options.IsSimulcast)
        {
            // RFC 8852 §3: the rid names the encoding; a simulcast SSRC is learned from its first packet that carries it.
            if (!RtpHeaderExtensions.TryGetValue(packet, header, Options.RidExtensionId, out var rid)) return false;
            layer = -1;
            for (int i = 0; i < _rids.Length; i++)
            {
                if (RtpStreamIdentifiers.Matches(rid, _rids[i])) layer = i;
            }
            if (layer < 0) return false;
            if (_seeded.Count > 0) DropSeeded(layer);
            LearnedStreams++;
        }
        stream = new PublishedStream(header.Ssrc, layer, Options, _time);
        _streams.Add(header.Ssrc, stream);
        return true;
    }
}

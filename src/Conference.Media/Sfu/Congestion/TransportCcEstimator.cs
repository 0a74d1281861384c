using Conference.Media.Rtp;

namespace Conference.Media.Sfu.Congestion;

/// <summary>
/// Send-side bandwidth estimate of one subscriber connection from its transport-wide congestion control feedback
/// (draft-holmer-rmcat-transport-wide-cc-extensions-01), after GCC (draft-ietf-rmcat-gcc-02), our own code:
/// <list type="bullet">
/// <item>every packet sent is recorded under its transport-wide number (<see cref="SentPacketHistory"/>);</item>
/// <item>feedback (RTPFB FMT 15) gives each packet's arrival time or loss; received packets form groups
/// (<see cref="ArrivalGroups"/>) whose delay variation drives the trendline over-use detector
/// (<see cref="DelayTrendDetector"/>) and the AIMD rate controller (<see cref="AimdRateController"/>): the delay-based
/// estimate;</item>
/// <item>the loss fraction over ≥ 500 ms windows drives the loss-based estimate (§6): above 10 % it drops by half the
/// loss, below 2 % it grows 8 % per window, in between it holds;</item>
/// <item>probe clusters (<see cref="ProbeController"/>) that the link carried raise the estimate past what the media
/// alone proves.</item>
/// </list>
/// The estimate is the smaller of the two. Times are microseconds: the sender's clock for sends and "now", the
/// receiver's (from the feedback) for arrivals; only differences within one clock are used. Allocation-free per packet
/// and per feedback; owned by the loop that sends to the subscriber.
/// </summary>
public sealed class TransportCcEstimator
{
    private readonly TransportCcPacketResult[] _results = new TransportCcPacketResult[SentPacketHistory.Capacity];
    private readonly ArrivalGroups _groups = new();
    private readonly DelayTrendDetector _detector = new();
    private readonly AimdRateController _rate;
    private readonly long _lossWindowUs;
    private double _lossBased;
    private long _lossWindowStartUs = long.MinValue;
    private int _windowLost, _windowTotal;

    public TransportCcEstimator(TransportCcEstimatorOptions? options = null)
    {
        Options = options ?? new TransportCcEstimatorOptions();
        _rate = new AimdRateController(Options.InitialBitrate, Options.MinBitrate, Options.MaxBitrate);
        _lossBased = Options.MaxBitrate;
        _lossWindowUs = (long)(Options.LossWindow.TotalMilliseconds * 1000);
    }

    public TransportCcEstimatorOptions Options { get; }

    public SentPacketHistory Sent { get; } = new();

    public ProbeController Probes { get; } = new();

    /// <summary>min(delay-based, loss-based), in bit/s.</summary>
    public ulong Estimate => (ulong)Math.Clamp(Math.Min(_rate.Bitrate, _lossBased), Options.MinBitrate, Options.MaxBitrate);

    public ulong DelayBasedEstimate => (ulong)_rate.Bitrate;

    public ulong LossBasedEstimate => (ulong)Math.Min(_lossBased, Options.MaxBitrate);

    /// <summary>What the subscriber received over the last half second, bit/s.</summary>
    public ulong AckedBitrate => _acked.Bitrate;

    public BandwidthUsage Usage => _detector.State;

    /// <summary>When the delay-based estimate last decreased (µs, sender clock).</summary>
    public long LastDecreaseUs => _rate.LastDecreaseUs;

    /// <summary>Decreases for over-use, cuts for loss, probes that raised the estimate (metrics, tests).</summary>
    public long DelayDecreases => _rate.Decreases;
    public long LossDecreases { get; private set; }
    public long ProbeIncreases { get; private set; }

    /// <summary>The loss fraction of the last complete window.</summary>
    public double LastLossFraction { get; private set; }

    /// <summary>Feedback packets applied; the estimate is only worth using once there is some.</summary>
    public long FeedbackCount { get; private set; }

    public long PacketsLost { get; private set; }
    public long PacketsReported { get; private set; }

    private readonly AckedBitrate _acked = new();

    /// <summary>Records a packet just sent under <see cref="SentPacketHistory.NextSequenceNumber"/>; size as on the wire.</summary>
    public void OnPacketSent(int size, long nowUs, int probeCluster = 0)
    {
        Sent.OnSent(size, nowUs, probeCluster);
        if (probeCluster != 0 && probeCluster == Probes.ActiveCluster) Probes.OnSent(size, nowUs);
    }

    /// <summary>One transport-wide feedback packet (RTPFB FMT 15) from the subscriber; false when malformed.</summary>
    public bool OnFeedback(ReadOnlySpan<byte> packet, long nowUs)
    {
        if (!TransportCcFeedback.TryReadHeader(packet, out var peek) || peek.PacketStatusCount > _results.Length) return false;
        if (!TransportCcFeedback.TryParse(packet, out var header, _results, out int count)) return false;
        FeedbackCount++;
        long arrival = header.ReferenceTimeMicrosecondsValue;
        for (int i = 0; i < count; i++)
        {
            var result = _results[i];
            if (result.Received) arrival += result.DeltaMicroseconds;
            ref var sent = ref Sent.Find(result.SequenceNumber, out bool found);
            if (!found || sent.Acknowledged) continue;
            if (!result.Received)
            {
                if (sent.ReportedLost) continue;
                sent.ReportedLost = true;
                _windowLost++;
                _windowTotal++;
                PacketsLost++;
                PacketsReported++;
                if (sent.ProbeCluster != 0 && sent.ProbeCluster == Probes.ActiveCluster) Probes.OnLost();
                continue;
            }
            if (sent.ReportedLost)
            {
                _windowLost = Math.Max(0, _windowLost - 1); // it came late, not lost
                PacketsLost--;
            }
            else
            {
                _windowTotal++;
                PacketsReported++;
            }
            sent.Acknowledged = true;
            sent.ReportedLost = false;
            _acked.Add(arrival, sent.Size);
            if (sent.ProbeCluster != 0 && sent.ProbeCluster == Probes.ActiveCluster) Probes.OnReceived(arrival, sent.Size);
            if (_groups.Add(sent.SendTimeMicroseconds, arrival, out double sendDelta, out double arrivalDelta, out double at))
            {
                _detector.Update(sendDelta, arrivalDelta, at);
            }
        }
        _rate.Update(_detector.State, _acked.Bitrate, nowUs);
        UpdateLossBased(nowUs);
        if (Probes.TryComplete(nowUs, out double probed) && !double.IsNaN(probed) && probed > _rate.Bitrate &&
            _detector.State != BandwidthUsage.Overusing)
        {
            _rate.SetEstimate(probed);
            if (LastLossFraction < 0.02) _lossBased = Math.Max(_lossBased, probed);
            ProbeIncreases++;
        }
        return true;
    }

    /// <summary>Feeds every transport-wide feedback packet of an RTCP compound; returns how many there were.</summary>
    public int OnRtcp(ReadOnlySpan<byte> compound, long nowUs)
    {
        int applied = 0;
        var reader = new RtcpCompoundReader(compound);
        while (reader.TryReadNext(out var view))
        {
            if (view.Header.PacketType == RtcpPacketType.TransportFeedback && view.Header.Count == RtcpFeedbackFormat.TransportWideCc &&
                OnFeedback(view.Packet, nowUs))
            {
                applied++;
            }
        }
        return applied;
    }

    private void UpdateLossBased(long nowUs)
    {
        if (_lossWindowStartUs == long.MinValue) _lossWindowStartUs = nowUs;
        if (nowUs - _lossWindowStartUs < _lossWindowUs || _windowTotal < Options.LossWindowPackets) return;
        double loss = (double)_windowLost / _windowTotal;
        LastLossFraction = loss;
        _windowLost = _windowTotal = 0;
        _lossWindowStartUs = nowUs;
        if (loss > 0.10)
        {
            _lossBased = Math.Max(Options.MinBitrate, Math.Min(_lossBased, _rate.Bitrate) * (1 - 0.5 * loss));
            LossDecreases++;
        }
        else if (loss < 0.02)
        {
            _lossBased = Math.Min(Options.MaxBitrate, _lossBased * 1.08);
        }
    }
}

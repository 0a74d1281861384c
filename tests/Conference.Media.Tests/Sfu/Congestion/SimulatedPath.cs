using Conference.Media.Rtp;
using Conference.Media.Sfu.Congestion;

namespace Conference.Media.Tests.Sfu.Congestion;

/// <summary>
/// A bottleneck between the SFU and one subscriber for estimator tests: a FIFO queue drained at a capacity (bit/s), a
/// propagation delay, random loss; the receiver sends transport-wide feedback every 100 ms covering everything that
/// arrived (or was lost) by then, exactly as a browser encodes it (reference time, 250 µs deltas).
/// </summary>
internal sealed class SimulatedPath(TransportCcEstimator estimator, int seed = 7)
{
    private readonly Random _random = new(seed);
    private readonly Queue<(ushort Seq, long Arrival, bool Lost)> _inFlight = new();
    private readonly List<TransportCcPacketResult> _pending = [];
    private readonly byte[] _feedback = new byte[TransportCcFeedback.GetMaxLength(4096)];
    private long _queueFreeAt, _nextFeedbackUs = 100_000, _lastReportedArrival;
    private byte _feedbackCount;

    public double CapacityBps { get; set; } = 10_000_000;
    public long PropagationUs { get; set; } = 20_000;
    public double Loss { get; set; }
    public long NowUs { get; private set; }

    /// <summary>Runs for <paramref name="duration"/>, the sender sending 1200-byte packets at rate(now) (bit/s), probe padding when due.</summary>
    public void Run(TimeSpan duration, Func<double> sendRate)
    {
        long end = NowUs + (long)(duration.TotalMilliseconds * 1000);
        double credit = 0;
        while (NowUs < end)
        {
            NowUs += 1000;
            credit += sendRate() / 8 / 1000; // bytes per ms
            while (credit >= 1200)
            {
                Send(1200, 0);
                credit -= 1200;
            }
            var probes = estimator.Probes;
            for (long due = probes.BytesDue(NowUs); due > 0 && probes.IsSending; due -= 300) Send(300, probes.ActiveCluster);
            if (NowUs >= _nextFeedbackUs)
            {
                DeliverFeedback();
                _nextFeedbackUs += 100_000;
            }
        }
    }

    private void Send(int size, int cluster)
    {
        ushort seq = estimator.Sent.NextSequenceNumber;
        estimator.OnPacketSent(size, NowUs, cluster);
        long start = Math.Max(NowUs, _queueFreeAt);
        _queueFreeAt = start + (long)(size * 8 * 1e6 / CapacityBps);
        _inFlight.Enqueue((seq, _queueFreeAt + PropagationUs, _random.NextDouble() < Loss));
    }

    private void DeliverFeedback()
    {
        _pending.Clear();
        ushort baseSeq = 0;
        long reference = -1;
        while (_inFlight.TryPeek(out var p) && p.Arrival <= NowUs)
        {
            _inFlight.Dequeue();
            if (_pending.Count == 0) baseSeq = p.Seq;
            if (p.Lost)
            {
                _pending.Add(new TransportCcPacketResult(p.Seq, TransportCcStatus.NotReceived, 0));
                continue;
            }
            if (reference < 0)
            {
                reference = p.Arrival / TransportCcFeedbackHeader.ReferenceTimeMicroseconds;
                _lastReportedArrival = reference * TransportCcFeedbackHeader.ReferenceTimeMicroseconds;
            }
            int ticks = (int)Math.Round((p.Arrival - _lastReportedArrival) / 250.0);
            _lastReportedArrival += ticks * 250L;
            _pending.Add(new TransportCcPacketResult(p.Seq, TransportCcStatus.ReceivedSmallDelta, ticks));
        }
        if (_pending.Count == 0 || reference < 0) return;
        Assert.True(TransportCcFeedback.TryWrite(_feedback, 1, 2, baseSeq, (int)reference, _feedbackCount++, _pending.ToArray(), out int written));
        Assert.True(estimator.OnFeedback(_feedback.AsSpan(0, written), NowUs));
    }
}

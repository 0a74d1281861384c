using Conference.Media.Rtp;

namespace Conference.Media.Sfu;

/// <summary>
/// A deliberately simple estimate of what one subscriber's downlink can take, in bits per second:
/// <list type="bullet">
/// <item>loss-based, from the fraction lost in the subscriber's receiver reports (the loss controller of
/// GCC, draft-ietf-rmcat-gcc-02 §6): above 10 % loss multiply by (1 − loss/2), below 2 % grow by 8 % at most once
/// a second, in between hold;</item>
/// <item>capped by the subscriber's own REMB (draft-alvestrand-rmcat-remb), when its browser sends one — that is
/// its delay-based estimate, which reacts before loss appears.</item>
/// </list>
/// The result is clamped to [MinBitrate, MaxBitrate]. Not a transport-cc (TWCC) delay estimator: that is left to do.
/// Not thread-safe.
/// </summary>
public sealed class BandwidthEstimator
{
    private readonly TimeProvider _time;
    private readonly long _increaseIntervalTicks;
    private double _lossBased;
    private ulong? _remb;
    private ulong _sendRate;
    private double _beforeCut;
    private long _lastIncrease;
    private bool _increased;

    public BandwidthEstimator(BandwidthEstimatorOptions? options = null, TimeProvider? time = null)
    {
        Options = options ?? new BandwidthEstimatorOptions();
        _time = time ?? TimeProvider.System;
        _increaseIntervalTicks = (long)(Options.IncreaseInterval.TotalSeconds * _time.TimestampFrequency);
        _lossBased = Clamp(Options.InitialBitrate);
    }

    public BandwidthEstimatorOptions Options { get; }

    /// <summary>
    /// The current estimate: min(loss-based, REMB), clamped — or, once <see cref="OnSendRate"/> says what we send, the
    /// loss-based estimate that congested REMBs pulled down (see <see cref="OnRemb"/>).
    /// </summary>
    public ulong Estimate => (ulong)Clamp(_remb is { } remb && _sendRate == 0 ? Math.Min(_lossBased, remb) : _lossBased);

    /// <summary>What the SFU sent this subscriber lately, bit/s (0 = unknown).</summary>
    public ulong SendRate => _sendRate;

    /// <summary>
    /// What the SFU sent the subscriber over the last interval. With it, a REMB counts only when it fell and is below
    /// what we send (the receiver saw its queue grow: libwebrtc's receive-side AIMD drops to 0.85 × incoming rate on overuse); a
    /// REMB above it says nothing about headroom, because the receiver caps its REMB at 1.5 × what arrives, which would
    /// otherwise keep a subscriber that got a low layer (or had tiles hidden) there for good.
    /// </summary>
    public void OnSendRate(ulong bitrate) => _sendRate = bitrate;

    public ulong LossBasedEstimate => (ulong)_lossBased;

    public ulong? LastRemb => _remb;

    /// <summary>Feeds one RR (or SR) from the subscriber: the worst fraction lost among its report blocks is one observation.</summary>
    public void OnReceiverReport(in ReceiverReport report)
    {
        if (report.ReportCount == 0) return;
        byte worst = 0;
        for (int i = 0; i < report.ReportCount; i++) worst = Math.Max(worst, report.GetReportBlock(i).FractionLost);
        OnFractionLost(worst);
    }

    /// <summary>One loss observation: the RFC 3550 §6.4.1 fraction lost, in 1/256.</summary>
    public void OnFractionLost(byte fractionLost)
    {
        double loss = fractionLost / 256.0;
        if (loss > Options.HighLoss)
        {
            _lossBased = Clamp(_lossBased * (1 - 0.5 * loss));
        }
        else if (loss < Options.LowLoss)
        {
            long now = _time.GetTimestamp();
            if (_increased && now - _lastIncrease < _increaseIntervalTicks) return;
            // Grow from what is actually usable, so a REMB-capped estimate does not drift far above the cap.
            double from = _remb is { } remb && _sendRate == 0 ? Math.Min(_lossBased, remb) : _lossBased;
            // After a REMB cut, climb back fast towards 90 % of where we were (a short overuse, e.g. a keyframe burst or a
            // busy receiver, must not keep a subscriber on a low layer for half a minute); from there on, slowly.
            double factor = from < _beforeCut * 0.9 ? Options.RecoveryFactor : Options.IncreaseFactor;
            _lossBased = Clamp(factor == Options.RecoveryFactor ? Math.Min(from * factor, _beforeCut * 0.9) : from * factor);
            _lastIncrease = now;
            _increased = true;
        }
    }

    /// <summary>
    /// Feeds a whole RTCP compound from the subscriber: its RR (or the report blocks of its SR) and its REMB.
    /// Never throws on malformed input.
    /// </summary>
    public void OnRtcp(ReadOnlySpan<byte> compound)
    {
        var reader = new RtcpCompoundReader(compound);
        while (reader.TryReadNext(out var view))
        {
            if (ReceiverReport.TryParse(view.Packet, out var rr))
            {
                OnReceiverReport(rr);
            }
            else if (SenderReport.TryParse(view.Packet, out var sr) && sr.ReportCount > 0)
            {
                byte worst = 0;
                for (int i = 0; i < sr.ReportCount; i++) worst = Math.Max(worst, sr.GetReportBlock(i).FractionLost);
                OnFractionLost(worst);
            }
            else if (ReceiverEstimatedMaxBitrate.TryParse(view.Packet, out var remb))
            {
                OnRemb(remb.Bitrate);
            }
        }
    }

    /// <summary>The subscriber's own REMB, in bits per second.</summary>
    public void OnRemb(ulong bitrate)
    {
        // libwebrtc's receiver lowers its REMB only on overuse; a keyframe burst can put our send rate above it without one.
        bool fell = _remb is not { } previous || bitrate < previous;
        _remb = bitrate;
        if (_sendRate > 0 && fell && bitrate < _sendRate * Options.CongestedRembRatio && bitrate < _lossBased)
        {
            // The recovery target is 90 % of the estimate at the cut: a link that keeps congesting there converges down.
            _beforeCut = _lossBased;
            _lossBased = Clamp(bitrate);
            _lastIncrease = _time.GetTimestamp(); // the next increase waits a whole interval
            _increased = true;
        }
    }

    private double Clamp(double bitrate) => Math.Clamp(bitrate, Options.MinBitrate, Options.MaxBitrate);
}

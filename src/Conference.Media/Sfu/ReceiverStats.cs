using Conference.Media.Rtp;

namespace Conference.Media.Sfu;

/// <summary>
/// Reception statistics of one stream the SFU receives from a publisher, kept exactly as RFC 3550 Appendix A
/// describes (A.1 sequence validation and extended highest sequence number, A.3 loss, A.8 interarrival
/// jitter), to fill the report blocks of the RRs we send the publisher: browsers adapt their send rate to them.
/// Not thread-safe: update from the receive loop, build reports from the same loop or under the caller's lock.
/// </summary>
public sealed class ReceiverStats
{
    private const int SequenceModulo = 1 << 16;
    private const int MaxDropout = 3000;   // RFC 3550 §A.1
    private const int MaxMisorder = 100;   // RFC 3550 §A.1

    private readonly TimeProvider _time;
    private readonly int _minSequential;
    private readonly long _origin;

    private ushort _maxSequence;
    private uint _cycles;
    private uint _baseSequence;
    private uint _badSequence = SequenceModulo + 1;
    private int _probation;
    private uint _received;
    private uint _expectedPrior;
    private uint _receivedPrior;
    private bool _initialised;

    private long _transit;
    private bool _haveTransit;
    private uint _jitterScaled; // RFC 3550 §A.8: jitter × 16, integer form

    private uint _lastSenderReport;
    private long _lastSenderReportArrival;
    private bool _haveSenderReport;

    /// <param name="minSequential">RFC 3550 §A.1 probation: packets in sequence before a source is valid. 1 (the default)
    /// accepts the first packet: SRTP authentication already proves the source, which probation only guesses at.</param>
    public ReceiverStats(uint ssrc, int clockRate, TimeProvider? time = null, int minSequential = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clockRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minSequential);
        Ssrc = ssrc;
        ClockRate = clockRate;
        _time = time ?? TimeProvider.System;
        _minSequential = minSequential;
        _origin = _time.GetTimestamp();
    }

    public uint Ssrc { get; }
    public int ClockRate { get; }
    public uint PacketsReceived => _received;

    /// <summary>RFC 3550 §A.1: cycles (count of wraparounds × 2^16) + highest sequence number.</summary>
    public uint ExtendedHighestSequenceNumber => _cycles + _maxSequence;

    /// <summary>RFC 3550 §A.3: expected − received; negative with duplicates.</summary>
    public long CumulativeLost => _initialised && _probation == 0 ? (long)ExpectedPackets - _received : 0;

    /// <summary>Interarrival jitter in RTP timestamp units (RFC 3550 §6.4.1).</summary>
    public uint Jitter => _jitterScaled >> 4;

    private uint ExpectedPackets => ExtendedHighestSequenceNumber - _baseSequence + 1;

    /// <summary>Counts one received packet; false when RFC 3550 §A.1 considers it invalid (probation or a big jump not yet confirmed).</summary>
    public bool OnPacket(in RtpHeader header)
    {
        ushort sequence = header.SequenceNumber;
        if (!_initialised)
        {
            InitSequence(sequence);
            _maxSequence = (ushort)(sequence - 1);
            _probation = _minSequential;
            _initialised = true;
        }
        if (!UpdateSequence(sequence)) return false;
        UpdateJitter(header.Timestamp);
        return true;
    }

    /// <summary>Remembers the publisher's SR so our report can echo LSR and DLSR (RFC 3550 §6.4.1), from which it measures RTT.</summary>
    public void OnSenderReport(in SenderInfo info)
    {
        _lastSenderReport = info.CompactNtp;
        _lastSenderReportArrival = _time.GetTimestamp();
        _haveSenderReport = true;
    }

    /// <summary>
    /// The report block for this stream. Advances the "since the last report" interval of the fraction lost
    /// (RFC 3550 §A.3), so call it once per report actually sent.
    /// </summary>
    public ReportBlock CreateReportBlock()
    {
        uint expected = _initialised && _probation == 0 ? ExpectedPackets : 0;
        uint expectedInterval = expected - _expectedPrior;
        _expectedPrior = expected;
        uint receivedInterval = _received - _receivedPrior;
        _receivedPrior = _received;
        long lostInterval = (long)expectedInterval - receivedInterval;
        byte fraction = expectedInterval == 0 || lostInterval <= 0 ? (byte)0 : (byte)Math.Min(255, (lostInterval << 8) / expectedInterval);

        uint delaySinceLastSr = 0;
        if (_haveSenderReport)
        {
            // RFC 3550 §6.4.1: DLSR in units of 1/65536 s.
            long elapsed = _time.GetTimestamp() - _lastSenderReportArrival;
            delaySinceLastSr = (uint)Math.Min(uint.MaxValue, (double)elapsed * 65536 / _time.TimestampFrequency);
        }

        int cumulative = (int)Math.Clamp(CumulativeLost, -0x80_0000, 0x7F_FFFF); // 24-bit signed field
        return new ReportBlock(Ssrc, fraction, cumulative, ExtendedHighestSequenceNumber, Jitter,
            _haveSenderReport ? _lastSenderReport : 0, delaySinceLastSr);
    }

    private void InitSequence(ushort sequence)
    {
        _baseSequence = sequence;
        _maxSequence = sequence;
        _badSequence = SequenceModulo + 1; // so sequence == bad never holds
        _cycles = 0;
        _received = 0;
        _receivedPrior = 0;
        _expectedPrior = 0;
    }

    // RFC 3550 §A.1 update_seq, transcribed.
    private bool UpdateSequence(ushort sequence)
    {
        ushort delta = (ushort)(sequence - _maxSequence);
        if (_probation > 0)
        {
            if (sequence == (ushort)(_maxSequence + 1))
            {
                _probation--;
                _maxSequence = sequence;
                if (_probation == 0)
                {
                    InitSequence(sequence);
                    _received++;
                    return true;
                }
            }
            else
            {
                _probation = _minSequential - 1;
                _maxSequence = sequence;
            }
            return false;
        }
        if (delta < MaxDropout)
        {
            if (sequence < _maxSequence) _cycles += SequenceModulo; // wrapped
            _maxSequence = sequence;
        }
        else if (delta <= SequenceModulo - MaxMisorder)
        {
            // A very large jump: accept it only when the next packet confirms it (the source restarted).
            if (sequence == _badSequence)
            {
                InitSequence(sequence);
            }
            else
            {
                _badSequence = (uint)((sequence + 1) & (SequenceModulo - 1));
                return false;
            }
        }
        // else: duplicate or reordered packet, counted as received.
        _received++;
        return true;
    }

    // RFC 3550 §A.8: J += (|D| − J) / 16, with arrival time in RTP units.
    private void UpdateJitter(uint rtpTimestamp)
    {
        long arrival = (long)((double)(_time.GetTimestamp() - _origin) * ClockRate / _time.TimestampFrequency);
        long transit = (uint)arrival - rtpTimestamp; // both modulo 2^32: only differences matter
        transit = (int)(uint)transit;
        if (_haveTransit)
        {
            long d = Math.Abs((long)(int)(uint)(transit - _transit));
            _jitterScaled = (uint)(_jitterScaled + d - ((_jitterScaled + 8) >> 4));
        }
        _transit = transit;
        _haveTransit = true;
    }
}

namespace Conference.Media.Sctp;

// Processing the peer's SACK (RFC 9260 §6.2.1, §7.2) on the sending side.
public sealed partial class SctpAssociation
{
    private void OnSack(SctpSackChunk sack)
    {
        if (!CanSendData && _state is not (SctpAssociationState.ShutdownSent or SctpAssociationState.ShutdownAckSent)) return;
        uint cum = sack.CumulativeTsnAck;
        // RFC 9260 §6.2.1 D i): a SACK older than the last one is out of order; drop it. A cum ack
        // beyond anything we sent is a protocol violation; drop it too.
        if (SctpSerial.Less(cum, _lastCumAck) || SctpSerial.LessOrEqual(_nextTsn, cum)) return;
        bool cumAdvanced = SctpSerial.Greater(cum, _lastCumAck);
        long now = NowMs;
        long bytesAcked = 0;
        bool rttSampled = false;

        int covered = 0;
        while (covered < _inflight.Count && SctpSerial.LessOrEqual(_inflight[covered].Data.Tsn, cum))
        {
            SctpOutboundChunk chunk = _inflight[covered++];
            Settle(chunk);
            if (chunk.GapAcked || chunk.Abandoned || chunk.SendCount == 0) continue;
            bytesAcked += chunk.Length;
            // Karn's rule (RFC 9260 §6.3.1 C5): only chunks sent once give an RTT sample.
            if (chunk.SendCount == 1 && !rttSampled)
            {
                UpdateRto(now - chunk.LastSentAtMs);
                rttSampled = true;
            }
        }
        _inflight.RemoveRange(0, covered);
        _lastCumAck = cum;

        uint highestGapAcked = cum;
        IReadOnlyList<SctpGapBlock> gapBlocks = sack.GapBlocks;
        for (int b = 0; b < gapBlocks.Count; b++)
        {
            SctpGapBlock block = gapBlocks[b];
            // Offsets beyond what is in flight cannot match anything; a hostile SACK must not cost 64K steps per block.
            int end = Math.Min((int)block.End, _inflight.Count);
            for (int offset = block.Start; offset <= end; offset++)
            {
                uint tsn = cum + (uint)offset;
                if (!TryFindInflight(tsn, out SctpOutboundChunk? chunk)) continue;
                if (!chunk!.GapAcked && !chunk.Abandoned && chunk.SendCount > 0) bytesAcked += chunk.Length;
                chunk.GapAcked = true;
                Settle(chunk);
                chunk.NeedsRetransmit = false;
                if (SctpSerial.Greater(tsn, highestGapAcked)) highestGapAcked = tsn;
            }
        }

        if (_inFastRecovery && SctpSerial.LessOrEqual(_fastRecoveryExit, cum)) _inFastRecovery = false;
        if (sack.GapBlocks.Count > 0) MarkFastRetransmits(highestGapAcked, now);

        // RFC 9260 §7.2.1-2: slow start below ssthresh, congestion avoidance above; only on cum advance.
        if (cumAdvanced && bytesAcked > 0 && !_inFastRecovery)
        {
            if (_cwnd <= _ssthresh)
            {
                _cwnd += Math.Min(bytesAcked, Mtu);
            }
            else
            {
                _partialBytesAcked += bytesAcked;
                if (_partialBytesAcked >= _cwnd)
                {
                    _partialBytesAcked -= _cwnd;
                    _cwnd += Mtu;
                }
            }
        }

        long window = sack.AdvertisedReceiverWindow - FlightSize();
        _peerRwnd = (uint)Math.Max(0, window);
        if (cumAdvanced) _t3Count = 0;
        if (_inflight.Count == 0) _t3.Stop();
        else if (cumAdvanced) _t3.Start(_rto);

        TrySendData();
        ShutdownProgress();
    }

    /// <summary>RFC 9260 §7.2.4: three miss indications trigger a fast retransmit and one cwnd reduction.</summary>
    private void MarkFastRetransmits(uint highestGapAcked, long now)
    {
        bool retransmitting = false;
        foreach (SctpOutboundChunk chunk in _inflight)
        {
            if (!SctpSerial.Less(chunk.Data.Tsn, highestGapAcked)) break;
            // Fast retransmit happens once per chunk; after that only T3 retransmits it (§7.2.4).
            if (chunk.GapAcked || chunk.Abandoned || chunk.SendCount == 0 || chunk.NeedsRetransmit || chunk.FastRetransmitted) continue;
            if (++chunk.MissIndications < 3) continue;
            if (ShouldAbandon(chunk, now))
            {
                Abandon(chunk.Message);
                continue;
            }
            chunk.NeedsRetransmit = true;
            chunk.FastRetransmitted = true;
            retransmitting = true;
        }
        _fastRetransmitPending |= retransmitting;
        if (retransmitting && !_inFastRecovery)
        {
            _ssthresh = Math.Max(_cwnd / 2, 4L * Mtu);
            _cwnd = _ssthresh;
            _partialBytesAcked = 0;
            _inFastRecovery = true;
            _fastRecoveryExit = _nextTsn - 1;
        }
    }

    private bool TryFindInflight(uint tsn, out SctpOutboundChunk? chunk)
    {
        chunk = null;
        if (_inflight.Count == 0) return false;
        long index = (long)(tsn - _inflight[0].Data.Tsn);
        if (index < 0 || index >= _inflight.Count || SctpSerial.Less(tsn, _inflight[0].Data.Tsn)) return false;
        chunk = _inflight[(int)index];
        return chunk.Data.Tsn == tsn;
    }
}

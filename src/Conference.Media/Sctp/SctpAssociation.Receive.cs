namespace Conference.Media.Sctp;

// Receiving DATA, reassembly, SACK generation (RFC 9260 §6.2, §6.7) and FORWARD TSN (RFC 3758 §3.6).
public sealed partial class SctpAssociation
{
    private const int MaxDuplicatesReported = 16;
    private uint _peerCumTsn;
    private readonly HashSet<uint> _receivedAbove = [];
    private readonly List<uint> _duplicates = [];
    private readonly SctpReassembly _reassembly;
    private readonly List<SctpMessage> _delivered = []; // messages completed by one chunk (under the lock)
    private readonly SctpTimer _sackTimer;
    private int _packetsSinceSack;
    private bool _sackNow;

    private bool CanReceiveData => _state is SctpAssociationState.Established or SctpAssociationState.ShutdownPending
        or SctpAssociationState.ShutdownSent;

    private bool OnData(SctpDataChunk chunk)
    {
        if (!CanReceiveData) return false;
        uint tsn = chunk.Tsn;
        if (SctpSerial.LessOrEqual(tsn, _peerCumTsn) || _receivedAbove.Contains(tsn))
        {
            if (_duplicates.Count < MaxDuplicatesReported) _duplicates.Add(tsn);
            _sackNow = true; // RFC 9260 §6.7: report duplicates at once
            return true;
        }
        // Beyond what a gap block can describe, or new data with no room left: drop; the sender retransmits.
        // RFC 9260 §6.2: a chunk below the highest TSN we hold fills a gap and is accepted even then — it is what
        // lets the held data be delivered; dropping it would stall the association for good.
        if (tsn - _peerCumTsn > ushort.MaxValue ||
            _reassembly.BufferedBytes + chunk.UserData.Length > _options.ReceiveWindow && !FillsGap(tsn))
        {
            _sackNow = true;
            return true;
        }

        _receivedAbove.Add(tsn);
        while (_receivedAbove.Remove(_peerCumTsn + 1)) _peerCumTsn++;
        if (_receivedAbove.Count > 0 || chunk.ImmediateSack) _sackNow = true; // gaps are reported at once

        List<SctpMessage> delivered = _delivered;
        if (!_reassembly.Add(chunk, delivered))
        {
            delivered.Clear();
            // RFC 8831 §6.6: a message beyond the announced max-message-size ends the association.
            Emit(_peerTag, SctpRawChunk.Abort(12, "message exceeds max-message-size"u8));
            Terminate("peer sent a message larger than the maximum message size");
            return false;
        }
        RaiseMessages(delivered);
        return true;
    }

    // Only evaluated when the window is full, so the scan stays off the common path.
    private bool FillsGap(uint tsn)
    {
        foreach (uint held in _receivedAbove)
        {
            if (SctpSerial.Greater(held, tsn)) return true;
        }
        return false;
    }

    /// <summary>RFC 9260 §6.2: SACK every second packet with DATA, at once on gaps or duplicates, else after the delay.</summary>
    private void AfterDataReceived()
    {
        _packetsSinceSack++;
        if (_sackNow || _packetsSinceSack >= 2 || _state != SctpAssociationState.Established) SendSack();
        else _sackTimer.StartIfStopped(_options.DelayedSackTimeout);
    }

    private void SendSack()
    {
        if (_state is SctpAssociationState.Closed or SctpAssociationState.Idle) return;
        IReadOnlyList<SctpGapBlock> blocks = _receivedAbove.Count == 0 ? Array.Empty<SctpGapBlock>() : GapBlocks(); // no gap: the common case
        long window = Math.Max(0, _options.ReceiveWindow - _reassembly.BufferedBytes);
        Emit(_peerTag, new SctpSackChunk(_peerCumTsn, (uint)window, blocks, _duplicates.Count == 0 ? [] : _duplicates.ToArray()));
        _duplicates.Clear();
        _packetsSinceSack = 0;
        _sackNow = false;
        _sackTimer.Stop();
    }

    private List<SctpGapBlock> GapBlocks()
    {
        var offsets = new List<uint>(_receivedAbove.Count);
        foreach (uint tsn in _receivedAbove) offsets.Add(tsn - _peerCumTsn);
        offsets.Sort();
        var blocks = new List<SctpGapBlock>();
        // Report as many gaps as fit one packet; the rest are reported once the first ones fill.
        int maxBlocks = (_options.MaxPacketSize - SctpPacket.HeaderLength - SctpPacket.ChunkHeaderLength - 12 - 4 * _duplicates.Count) / 4;
        for (int i = 0; i < offsets.Count && blocks.Count < maxBlocks;)
        {
            int j = i;
            while (j + 1 < offsets.Count && offsets[j + 1] == offsets[j] + 1) j++;
            blocks.Add(new SctpGapBlock((ushort)offsets[i], (ushort)offsets[j]));
            i = j + 1;
        }
        return blocks;
    }

    private void OnForwardTsn(SctpForwardTsnChunk forward)
    {
        if (!CanReceiveData) return;
        if (SctpSerial.Greater(forward.NewCumulativeTsn, _peerCumTsn))
        {
            _peerCumTsn = forward.NewCumulativeTsn;
            _receivedAbove.RemoveWhere(t => SctpSerial.LessOrEqual(t, _peerCumTsn));
            while (_receivedAbove.Remove(_peerCumTsn + 1)) _peerCumTsn++;
            List<SctpMessage> delivered = _delivered;
            _reassembly.Forward(forward.NewCumulativeTsn, forward.Streams, delivered);
            RaiseMessages(delivered);
        }
        // RFC 3758 §3.6: acknowledge the new cumulative TSN at once.
        SendSack();
    }

    private void RaiseMessages(List<SctpMessage> delivered)
    {
        foreach (SctpMessage message in delivered) RaiseMessage(message);
        delivered.Clear();
    }
}

namespace Conference.Media.Sctp;

// Graceful close (RFC 9260 §9.2): drain outstanding data, then SHUTDOWN / SHUTDOWN ACK / SHUTDOWN COMPLETE.
public sealed partial class SctpAssociation
{
    private readonly SctpTimer _t2;
    private int _t2Count;

    /// <summary>Starts a graceful shutdown: queued data is still delivered first. No new messages are accepted.</summary>
    public void Shutdown() => Run(() =>
    {
        if (_state is SctpAssociationState.Idle or SctpAssociationState.CookieWait or SctpAssociationState.CookieEchoed)
        {
            Terminate(null);
            return;
        }
        if (_state != SctpAssociationState.Established) return;
        _state = SctpAssociationState.ShutdownPending;
        ShutdownProgress();
    });

    private void ShutdownProgress()
    {
        if (_inflight.Count > 0 || _unsent.Count > 0) return;
        if (_state == SctpAssociationState.ShutdownPending)
        {
            _state = SctpAssociationState.ShutdownSent;
            _t2Count = 0;
            SendShutdownStep();
        }
        else if (_state == SctpAssociationState.ShutdownReceived)
        {
            _state = SctpAssociationState.ShutdownAckSent;
            _t2Count = 0;
            SendShutdownStep();
        }
    }

    private void SendShutdownStep()
    {
        if (_state == SctpAssociationState.ShutdownSent) Emit(_peerTag, new SctpShutdownChunk(_peerCumTsn));
        else if (_state == SctpAssociationState.ShutdownAckSent) Emit(_peerTag, new SctpEmptyChunk(SctpChunkType.ShutdownAck));
        else return;
        _t2.Start(_rto);
    }

    private void OnShutdown(SctpShutdownChunk shutdown)
    {
        switch (_state)
        {
            case SctpAssociationState.Established or SctpAssociationState.ShutdownPending:
                _state = SctpAssociationState.ShutdownReceived;
                // The SHUTDOWN's cumulative TSN ack acknowledges our data like a SACK would (§9.2).
                OnSack(new SctpSackChunk(shutdown.CumulativeTsnAck, _peerRwnd, [], []));
                ShutdownProgress();
                break;
            case SctpAssociationState.ShutdownSent:
                // Both sides shut down at once: answer with SHUTDOWN ACK (§9.2).
                _state = SctpAssociationState.ShutdownAckSent;
                SendShutdownStep();
                break;
            case SctpAssociationState.ShutdownAckSent:
                SendShutdownStep();
                break;
        }
    }

    private void OnShutdownAck()
    {
        if (_state is not (SctpAssociationState.ShutdownSent or SctpAssociationState.ShutdownAckSent)) return;
        Emit(_peerTag, new SctpEmptyChunk(SctpChunkType.ShutdownComplete));
        Terminate(null);
    }

    private void OnShutdownComplete()
    {
        if (_state == SctpAssociationState.ShutdownAckSent) Terminate(null);
    }

    private void OnT2Expired()
    {
        if (_state is not (SctpAssociationState.ShutdownSent or SctpAssociationState.ShutdownAckSent)) return;
        if (++_t2Count > _options.MaxAssociationRetransmits)
        {
            Terminate("peer did not complete the shutdown");
            return;
        }
        _rto = TimeSpan.FromMilliseconds(Math.Min(_rto.TotalMilliseconds * 2, _options.RtoMax.TotalMilliseconds));
        SendShutdownStep();
    }
}

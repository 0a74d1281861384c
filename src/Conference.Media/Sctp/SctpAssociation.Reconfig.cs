namespace Conference.Media.Sctp;

// Stream reset (RFC 6525 §5), which closes data channels (RFC 8831 §6.7).
public sealed partial class SctpAssociation
{
    private readonly SctpTimer _reconfigTimer;
    private readonly List<ushort> _streamsToReset = [];
    private uint _reconfigRequestSequence;
    private SctpOutgoingResetRequest? _reconfigInFlight;
    private uint _peerReconfigNext;
    private SctpReconfigResponse? _lastReconfigResponse;

    /// <summary>Asks the peer to reset our outgoing side of these streams; <see cref="OutgoingStreamsReset"/> reports success.</summary>
    public void ResetOutgoingStreams(params ushort[] streams) => Run(() =>
    {
        if (_state != SctpAssociationState.Established) return;
        foreach (ushort id in streams) if (!_streamsToReset.Contains(id)) _streamsToReset.Add(id);
        SendNextResetRequest();
    });

    private void SendNextResetRequest()
    {
        // RFC 6525 §5.1.1: one outstanding request at a time; others wait for its response.
        if (_reconfigInFlight is not null || _streamsToReset.Count == 0) return;
        _reconfigInFlight = new SctpOutgoingResetRequest(_reconfigRequestSequence, _peerReconfigNext - 1, _nextTsn - 1,
            _streamsToReset.ToArray());
        _streamsToReset.Clear();
        Emit(_peerTag, new SctpReconfigChunk(_reconfigInFlight, null));
        _reconfigTimer.Start(_rto);
    }

    private void OnReconfigTimerExpired()
    {
        if (_reconfigInFlight is null || _state != SctpAssociationState.Established) return;
        Emit(_peerTag, new SctpReconfigChunk(_reconfigInFlight, null));
        _reconfigTimer.Start(_rto);
    }

    private void OnReconfig(SctpReconfigChunk reconfig)
    {
        if (_state != SctpAssociationState.Established) return;
        if (reconfig.Request is { } request) OnResetRequest(request);
        if (reconfig.Response is { } response) OnResetResponse(response);
    }

    private void OnResetRequest(SctpOutgoingResetRequest request)
    {
        if (request.RequestSequence == _peerReconfigNext)
        {
            uint result;
            // RFC 6525 §5.2.2: reset only once everything up to the sender's last TSN has arrived.
            if (SctpSerial.LessOrEqual(request.SenderLastTsn, _peerCumTsn))
            {
                _reassembly.Reset(request.Streams);
                _peerReconfigNext++;
                result = SctpReconfigResponse.SuccessPerformed;
                ushort[] streams = request.Streams;
                Raise(() => IncomingStreamsReset?.Invoke(streams));
            }
            else
            {
                result = SctpReconfigResponse.InProgress; // the peer retransmits the request later
            }
            _lastReconfigResponse = new SctpReconfigResponse(request.RequestSequence, result);
            Emit(_peerTag, new SctpReconfigChunk(null, _lastReconfigResponse));
        }
        else if (request.RequestSequence == _peerReconfigNext - 1 && _lastReconfigResponse is not null)
        {
            // A retransmitted request whose response was lost (§5.2.1).
            Emit(_peerTag, new SctpReconfigChunk(null, _lastReconfigResponse));
        }
    }

    private void OnResetResponse(SctpReconfigResponse response)
    {
        if (_reconfigInFlight is not { } request || response.ResponseSequence != request.RequestSequence) return;
        if (response.Result == SctpReconfigResponse.InProgress) return; // keep the timer; it retransmits
        _reconfigInFlight = null;
        _reconfigRequestSequence++;
        _reconfigTimer.Stop();
        if (response.Result is 0 or SctpReconfigResponse.SuccessPerformed)
        {
            foreach (ushort id in request.Streams) _outboundSsn.Remove(id);
            ushort[] streams = request.Streams;
            Raise(() => OutgoingStreamsReset?.Invoke(streams));
        }
        SendNextResetRequest();
    }
}

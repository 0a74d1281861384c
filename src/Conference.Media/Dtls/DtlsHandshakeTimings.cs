namespace Conference.Media.Dtls;

/// <summary>
/// When one DTLS handshake's flights came and went (<see cref="System.Diagnostics.Stopwatch"/> ticks, 0 = not seen):
/// the thread started, the first record it took (a server's ClientHello), the last record it sent before the
/// remote's next flight (a server's ServerHello…ServerHelloDone: its key exchange and signature), that next flight's
/// first record, and completion. For a server, FirstReceived → FirstFlightSent and SecondReceived → Completed are
/// its own work (ECDHE, ECDSA sign/verify), FirstFlightSent → SecondReceived the client's plus one round trip; for a
/// client, Started → FirstReceived is its ClientHello's round trip with the server's work (and any retransmission),
/// FirstReceived → FirstFlightSent its own (ECDH, verify, sign), then the server's Finished.
/// </summary>
public readonly record struct DtlsHandshakeTimings(long Started, long FirstReceived, long FirstFlightSent, long SecondReceived, long Completed);

/// <summary>Stamps <see cref="DtlsHandshakeTimings"/> from the handshake thread's receives and sends (that thread only).</summary>
internal sealed class DtlsHandshakeClock
{
    private long _started, _firstReceived, _lastSent, _firstFlightSent, _secondReceived;
    private bool _done;

    public void Started() => _started = System.Diagnostics.Stopwatch.GetTimestamp();

    public void Received()
    {
        if (_done) return;
        long now = System.Diagnostics.Stopwatch.GetTimestamp();
        if (_firstReceived == 0) _firstReceived = now;
        else if (_secondReceived == 0 && _lastSent != 0)
        {
            _firstFlightSent = _lastSent;
            _secondReceived = now;
        }
    }

    /// <summary>Sends before the first receive (a client's ClientHello) are not a flight answering the remote.</summary>
    public void Sent()
    {
        if (!_done && _firstReceived != 0) _lastSent = System.Diagnostics.Stopwatch.GetTimestamp();
    }

    public DtlsHandshakeTimings Complete()
    {
        _done = true;
        return new DtlsHandshakeTimings(_started, _firstReceived, _firstFlightSent, _secondReceived, System.Diagnostics.Stopwatch.GetTimestamp());
    }
}

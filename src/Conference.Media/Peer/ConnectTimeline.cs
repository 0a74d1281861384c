using System.Diagnostics;
using Conference.Media.Dtls;

namespace Conference.Media.Peer;

/// <summary>
/// Where one server-side connection's time to Connected went, recorded once into
/// <see cref="MediaEngineCounters.ConnectPhases"/> (ms, tagged phase and connection: publisher for a peer that
/// answered the remote's offer, subscriber for one we offered). Phases, in order:
/// <c>answer</c> (we offered: our offer → the remote's answer, a signaling round trip), <c>first_check</c> (the answer
/// made, or received → the first authenticated ICE check: the answer's way to the client and its ICE start),
/// <c>nomination</c> (→ the DTLS transport started), <c>dtls_wait</c> (→ the first DTLS record the handshake thread took),
/// <c>dtls_flight</c> (→ our last record of the flight answering it: a server's ECDHE key and ECDSA signature),
/// <c>dtls_remote</c> (→ the remote's next flight: its key exchange, certificate verify, one round trip),
/// <c>dtls_finish</c> (→ handshake done: our verify and Finished) and <c>connected</c> (→ the peer's state Connected,
/// SRTP keys installed). Stamps are <see cref="Stopwatch"/> ticks, written once each (first wins).
/// </summary>
internal sealed class ConnectTimeline(bool offering)
{
    private readonly long _created = Stopwatch.GetTimestamp();
    private long _answered, _firstCheck, _transportStarted;
    private int _recorded;

    public string Connection { get; } = offering ? "subscriber" : "publisher";

    /// <summary>The remote's answer arrived (offering peers; an answering peer answered at creation).</summary>
    public void Answered() => Interlocked.CompareExchange(ref _answered, Stopwatch.GetTimestamp(), 0);

    public void FirstCheck() => Interlocked.CompareExchange(ref _firstCheck, Stopwatch.GetTimestamp(), 0);

    public void TransportStarted() => Interlocked.CompareExchange(ref _transportStarted, Stopwatch.GetTimestamp(), 0);

    /// <summary>Connected: records every phase once (the DTLS thread or a pool thread; never the media loop's hot path).</summary>
    public void Record(MediaEngineCounters counters, DtlsHandshakeTimings dtls)
    {
        if (Interlocked.Exchange(ref _recorded, 1) != 0 || counters.ConnectPhases is null) return;
        long now = Stopwatch.GetTimestamp();
        long answered = offering ? Interlocked.Read(ref _answered) : _created;
        if (offering) Phase(counters, "answer", _created, answered);
        Phase(counters, "first_check", answered, Interlocked.Read(ref _firstCheck));
        Phase(counters, "nomination", Interlocked.Read(ref _firstCheck), Interlocked.Read(ref _transportStarted));
        Phase(counters, "dtls_wait", Interlocked.Read(ref _transportStarted), dtls.FirstReceived);
        Phase(counters, "dtls_flight", dtls.FirstReceived, dtls.FirstFlightSent);
        Phase(counters, "dtls_remote", dtls.FirstFlightSent, dtls.SecondReceived);
        Phase(counters, "dtls_finish", dtls.SecondReceived, dtls.Completed);
        Phase(counters, "connected", dtls.Completed, now);
    }

    private void Phase(MediaEngineCounters counters, string phase, long from, long to)
    {
        // A phase whose ends were not both seen (a DTLS client role, a check that came before the answer) is left out.
        if (from == 0 || to == 0) return;
        counters.ConnectPhase(phase, Connection, Math.Max(0, Stopwatch.GetElapsedTime(from, to).TotalMilliseconds));
    }
}

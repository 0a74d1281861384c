namespace Conference.Media.Dtls;

/// <summary>
/// One DTLS-SRTP handshake between two in-memory transports, once per process, so that the first real connection does
/// not pay for compiling BouncyCastle's handshake and elliptic-curve code (measured: the first handshake of a process
/// takes ~200 ms of CPU and ~400 ms on a loaded machine; the next ones ~5–9 ms for both ends, docs/benchmarks.md
/// "dtls-handshake"). Start it when a media engine starts; it runs on a background thread and never blocks a caller.
/// </summary>
public static class DtlsWarmUp
{
    private static readonly Lazy<Task> s_once = new(() => Task.Run(HandshakeAsync));

    /// <summary>Starts the warm-up handshake once per process; the task faults when it failed (the caller logs it).</summary>
    public static Task EnsureStarted() => s_once.Value;

    private static async Task HandshakeAsync()
    {
        DtlsCertificate certificate = DtlsCertificate.Shared;
        var options = new DtlsTransportOptions { HandshakeTimeout = TimeSpan.FromSeconds(30) };
        DtlsTransport? server = null;
        using var client = new DtlsTransport(DtlsRole.Client, certificate, certificate.Fingerprint, d => server!.OnDatagram(d.Span), options);
        using var serverTransport = server = new DtlsTransport(DtlsRole.Server, certificate, certificate.Fingerprint, d => client.OnDatagram(d.Span), options);
        Task serverDone = server.Start();
        await client.Start().WaitAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        await serverDone.WaitAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
    }
}

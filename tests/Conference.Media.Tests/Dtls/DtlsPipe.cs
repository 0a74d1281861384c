using Conference.Media.Dtls;

namespace Conference.Media.Tests.Dtls;

/// <summary>Two <see cref="DtlsTransport"/>s wired back to back in memory, with an optional drop filter per direction.</summary>
internal sealed class DtlsPipe : IDisposable
{
    public static readonly DtlsCertificate ClientCertificate = DtlsCertificate.Generate("client");
    public static readonly DtlsCertificate ServerCertificate = DtlsCertificate.Generate("server");

    public static DtlsTransportOptions FastOptions => new()
    {
        InitialRetransmitTimeout = TimeSpan.FromMilliseconds(100),
        HandshakeTimeout = TimeSpan.FromSeconds(20),
    };

    private int _clientSent;
    private int _serverSent;

    public DtlsPipe(
        DtlsTransportOptions? clientOptions = null,
        DtlsTransportOptions? serverOptions = null,
        DtlsFingerprint? clientExpects = null,
        DtlsFingerprint? serverExpects = null,
        Func<int, bool>? dropFromClient = null,
        Func<int, bool>? dropFromServer = null)
    {
        Client = new DtlsTransport(
            DtlsRole.Client, ClientCertificate, clientExpects ?? ServerCertificate.Fingerprint,
            d =>
            {
                int index = Interlocked.Increment(ref _clientSent) - 1;
                if (dropFromClient?.Invoke(index) != true) Server!.OnDatagram(d.Span);
            },
            clientOptions ?? FastOptions);
        Server = new DtlsTransport(
            DtlsRole.Server, ServerCertificate, serverExpects ?? ClientCertificate.Fingerprint,
            d =>
            {
                int index = Interlocked.Increment(ref _serverSent) - 1;
                if (dropFromServer?.Invoke(index) != true) Client.OnDatagram(d.Span);
            },
            serverOptions ?? FastOptions);
    }

    public DtlsTransport Client { get; }
    public DtlsTransport Server { get; }

    public int ClientDatagramsSent => Volatile.Read(ref _clientSent);

    public async Task<(DtlsHandshakeResult Client, DtlsHandshakeResult Server)> ConnectAsync()
    {
        Task<DtlsHandshakeResult> server = Server.Start();
        Task<DtlsHandshakeResult> client = Client.Start();
        return (await client.WaitAsync(TimeSpan.FromSeconds(30)), await server.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    public void Dispose()
    {
        Client.Dispose();
        Server.Dispose();
    }
}

using Conference.Media.Dtls;
using Conference.Media.Sctp;

namespace Conference.Media.Benchmarks;

/// <summary>
/// One in-process connection for the data-channel benchmarks: a participant's end (DTLS client) and the SFU's
/// (DTLS server), each an SCTP association over its own <see cref="DtlsTransport"/> (one receive thread each, as in
/// the engine), records handed across in memory. Default SCTP options; the DTLS receive queue is deeper than the
/// default so in-memory bursts are not dropped where a kernel socket buffer would have absorbed them.
/// </summary>
internal sealed class DataChannelBenchLeg : IDisposable
{
    private static readonly DtlsCertificate ClientCertificate = DtlsCertificate.Generate("bench-client");
    private static readonly DtlsCertificate ServerCertificate = DtlsCertificate.Generate("bench-sfu");
    private static readonly DtlsTransportOptions DtlsOptions = new() { ReceiveQueueCapacity = 4096 };

    private readonly DtlsTransport _clientDtls, _sfuDtls;
    private readonly SctpAssociation _client, _sfu;

    public DataChannelBenchLeg()
    {
        DtlsTransport? sfuDtls = null;
        _clientDtls = new DtlsTransport(DtlsRole.Client, ClientCertificate, ServerCertificate.Fingerprint,
            d => sfuDtls!.OnDatagram(d.Span), DtlsOptions);
        _sfuDtls = sfuDtls = new DtlsTransport(DtlsRole.Server, ServerCertificate, ClientCertificate.Fingerprint,
            d => _clientDtls.OnDatagram(d.Span), DtlsOptions);
        _client = SctpOverDtls.Create(_clientDtls);
        _sfu = SctpOverDtls.Create(_sfuDtls);
        Client = new DataChannelEndpoint(_client, isDtlsClient: true);
        Sfu = new DataChannelEndpoint(_sfu, isDtlsClient: false);
    }

    public DataChannelEndpoint Client { get; }
    public DataChannelEndpoint Sfu { get; }

    public async Task ConnectAsync()
    {
        Task<DtlsHandshakeResult> server = _sfuDtls.Start();
        await Task.WhenAll(_clientDtls.Start(), server);
        _client.Connect();
        _sfu.Connect();
    }

    /// <summary>Opens a channel from <paramref name="endpoint"/> and waits until it is open.</summary>
    public static async Task<DataChannel> OpenAsync(DataChannelEndpoint endpoint, string label)
    {
        var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        DataChannel channel = endpoint.CreateDataChannel(label);
        channel.Opened += () => opened.TrySetResult();
        if (channel.State == DataChannelState.Open) opened.TrySetResult();
        await opened.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return channel;
    }

    public void Dispose()
    {
        _client.Dispose();
        _sfu.Dispose();
        _clientDtls.Dispose();
        _sfuDtls.Dispose();
    }
}

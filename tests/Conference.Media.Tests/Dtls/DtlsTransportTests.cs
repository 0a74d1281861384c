using System.Text;
using Conference.Media.Dtls;

namespace Conference.Media.Tests.Dtls;

public sealed class DtlsTransportTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Handshake_completes_and_both_sides_export_identical_gcm_keys()
    {
        using var pipe = new DtlsPipe();

        var (client, server) = await pipe.ConnectAsync();

        Assert.Equal(DtlsSrtpProfile.AeadAes128Gcm, client.Profile);
        Assert.Equal(DtlsSrtpProfile.AeadAes128Gcm, server.Profile);
        Assert.True(client.IsClient);
        Assert.False(server.IsClient);
        // RFC 5764 §4.2 with RFC 7714 lengths: 2 * (16 + 12).
        Assert.Equal(56, client.KeyingMaterial.Length);
        Assert.Equal(client.KeyingMaterial, server.KeyingMaterial);
        Assert.Contains(client.KeyingMaterial, b => b != 0);
        Assert.Equal(DtlsTransportState.Connected, pipe.Client.State);
        Assert.Equal(DtlsTransportState.Connected, pipe.Server.State);
        Assert.Equal(DtlsPipe.ServerCertificate.Fingerprint, client.RemoteFingerprint);
        // The pre-handshake estimate SCTP relies on matches BouncyCastle's record limit for AES-GCM.
        Assert.Equal(1200 - 37, pipe.Client.MaxApplicationDataSize);
        Assert.Equal(1200 - 37, pipe.Server.MaxApplicationDataSize);
        Assert.Equal(1200 - 37, new DtlsTransport(DtlsRole.Client, DtlsPipe.ClientCertificate, client.RemoteFingerprint, _ => { }).MaxApplicationDataSize);
    }

    [Fact]
    public async Task Server_falls_back_to_aes_cm_when_client_offers_only_cm()
    {
        var clientOptions = DtlsPipe.FastOptions with { SrtpProfiles = [DtlsSrtpProfile.AesCm128HmacSha1_80] };
        using var pipe = new DtlsPipe(clientOptions: clientOptions);

        var (client, server) = await pipe.ConnectAsync();

        Assert.Equal(DtlsSrtpProfile.AesCm128HmacSha1_80, client.Profile);
        Assert.Equal(DtlsSrtpProfile.AesCm128HmacSha1_80, server.Profile);
        Assert.Equal(60, server.KeyingMaterial.Length); // 2 * (16 + 14)
        Assert.Equal(client.KeyingMaterial, server.KeyingMaterial);
        Assert.Equal(client.KeyingMaterial.AsSpan(16, 16).ToArray(), server.ServerWriteKey.ToArray());
        // What one side protects with, the other unprotects with.
        Assert.Equal(client.LocalMasterKey.ToArray(), server.RemoteMasterKey.ToArray());
        Assert.Equal(client.LocalMasterSalt.ToArray(), server.RemoteMasterSalt.ToArray());
        Assert.Equal(server.LocalMasterKey.ToArray(), client.RemoteMasterKey.ToArray());
        Assert.Equal(14, server.LocalMasterSalt.Length);
        Assert.NotEqual(client.LocalMasterKey.ToArray(), client.RemoteMasterKey.ToArray());
    }

    [Fact]
    public async Task Handshake_fails_without_a_common_srtp_profile()
    {
        using var pipe = new DtlsPipe(
            clientOptions: DtlsPipe.FastOptions with { SrtpProfiles = [DtlsSrtpProfile.AeadAes128Gcm] },
            serverOptions: DtlsPipe.FastOptions with { SrtpProfiles = [DtlsSrtpProfile.AesCm128HmacSha1_80] });

        Task<DtlsHandshakeResult> server = pipe.Server.Start();
        Task<DtlsHandshakeResult> client = pipe.Client.Start();

        var error = await Assert.ThrowsAsync<DtlsHandshakeException>(() => server.WaitAsync(Wait));
        Assert.Contains("SRTP", error.Message);
        await Assert.ThrowsAsync<DtlsHandshakeException>(() => client.WaitAsync(Wait));
    }

    [Fact]
    public async Task Server_rejects_client_certificate_that_does_not_match_sdp_fingerprint()
    {
        DtlsFingerprint wrong = DtlsCertificate.Generate("someone-else").Fingerprint;
        using var pipe = new DtlsPipe(serverExpects: wrong);

        Task<DtlsHandshakeResult> server = pipe.Server.Start();
        Task<DtlsHandshakeResult> client = pipe.Client.Start();

        var error = await Assert.ThrowsAsync<DtlsHandshakeException>(() => server.WaitAsync(Wait));
        Assert.Contains("fingerprint", error.Message);
        await Assert.ThrowsAsync<DtlsHandshakeException>(() => client.WaitAsync(Wait));
        Assert.Equal(DtlsTransportState.Failed, pipe.Server.State);
    }

    [Fact]
    public async Task Client_rejects_server_certificate_that_does_not_match_sdp_fingerprint()
    {
        DtlsFingerprint wrong = DtlsCertificate.Generate("someone-else").Fingerprint;
        using var pipe = new DtlsPipe(clientExpects: wrong);

        Task<DtlsHandshakeResult> server = pipe.Server.Start();
        Task<DtlsHandshakeResult> client = pipe.Client.Start();

        var error = await Assert.ThrowsAsync<DtlsHandshakeException>(() => client.WaitAsync(Wait));
        Assert.Contains("fingerprint", error.Message);
        await Assert.ThrowsAsync<DtlsHandshakeException>(() => server.WaitAsync(Wait));
    }

    [Fact]
    public async Task Application_data_round_trips_after_handshake()
    {
        using var pipe = new DtlsPipe();
        var atServer = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var atClient = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        pipe.Server.DataReceived += d =>
        {
            atServer.TrySetResult(Encoding.UTF8.GetString(d.Span));
            pipe.Server.Send("pong"u8);
        };
        pipe.Client.DataReceived += d => atClient.TrySetResult(Encoding.UTF8.GetString(d.Span));
        await pipe.ConnectAsync();

        Assert.False(pipe.Client.Send(new byte[pipe.Client.MaxApplicationDataSize + 1])); // refused, association intact
        Assert.True(pipe.Client.Send("ping"u8));

        Assert.Equal("ping", await atServer.Task.WaitAsync(Wait));
        Assert.Equal("pong", await atClient.Task.WaitAsync(Wait));
    }

    [Fact]
    public async Task Close_sends_close_notify_that_the_peer_observes()
    {
        using var pipe = new DtlsPipe();
        var serverClosed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pipe.Server.Closed += () => serverClosed.TrySetResult();
        await pipe.ConnectAsync();

        pipe.Client.Close();

        await serverClosed.Task.WaitAsync(Wait);
        Assert.Equal(DtlsTransportState.Closed, pipe.Server.State);
        Assert.False(pipe.Client.Send("late"u8));
    }

    [Fact]
    public async Task Handshake_completes_when_first_flights_are_lost_thanks_to_retransmission()
    {
        // Drop the client's first ClientHello and the server's first flight.
        using var pipe = new DtlsPipe(dropFromClient: i => i == 0, dropFromServer: i => i == 0);

        var (client, server) = await pipe.ConnectAsync();

        Assert.Equal(client.KeyingMaterial, server.KeyingMaterial);
        Assert.True(pipe.ClientDatagramsSent > 1);
    }

    [Fact]
    public async Task Handshake_times_out_when_peer_never_answers()
    {
        var options = DtlsPipe.FastOptions with { HandshakeTimeout = TimeSpan.FromMilliseconds(700) };
        using var pipe = new DtlsPipe(clientOptions: options, dropFromClient: _ => true);

        await Assert.ThrowsAsync<DtlsHandshakeException>(() => pipe.Client.Start().WaitAsync(Wait));
        Assert.Equal(DtlsTransportState.Failed, pipe.Client.State);
    }

    [Fact]
    public async Task Server_handshake_times_out_when_no_client_hello_arrives()
    {
        var options = DtlsPipe.FastOptions with { HandshakeTimeout = TimeSpan.FromMilliseconds(700) };
        using var server = new DtlsTransport(DtlsRole.Server, DtlsPipe.ServerCertificate, DtlsPipe.ClientCertificate.Fingerprint, _ => { }, options);

        await Assert.ThrowsAsync<DtlsHandshakeException>(() => server.Start().WaitAsync(Wait));
        Assert.Equal(DtlsTransportState.Failed, server.State);
    }

    [Fact]
    public async Task Close_during_the_handshake_faults_it_and_reports_closed()
    {
        using var pipe = new DtlsPipe(dropFromClient: _ => true);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pipe.Client.Closed += () => closed.TrySetResult();
        Task<DtlsHandshakeResult> handshake = pipe.Client.Start();

        pipe.Client.Close();

        await Assert.ThrowsAsync<DtlsHandshakeException>(() => handshake.WaitAsync(Wait));
        await closed.Task.WaitAsync(Wait);
        Assert.Equal(DtlsTransportState.Closed, pipe.Client.State);
    }

    [Fact]
    public async Task Random_datagrams_after_handshake_are_ignored_and_the_association_keeps_working()
    {
        // A queue large enough that the garbage cannot crowd out the real record (a full queue drops, like UDP).
        var options = DtlsPipe.FastOptions with { ReceiveQueueCapacity = 2048 };
        using var pipe = new DtlsPipe(clientOptions: options, serverOptions: options);
        var received = System.Threading.Channels.Channel.CreateUnbounded<string>();
        pipe.Server.DataReceived += d => received.Writer.TryWrite(Encoding.UTF8.GetString(d.Span));
        await pipe.ConnectAsync();
        var random = new Random(1234);

        // 10 rounds × 2 × 500 = 10 000 hostile records; after each round the association must still carry data.
        for (int round = 0; round < 10; round++)
        {
            for (int i = 0; i < 500; i++)
            {
                pipe.Server.OnDatagram(RandomDtlsLike(random));
                pipe.Client.OnDatagram(RandomDtlsLike(random));
            }
            Assert.True(pipe.Client.Send(Encoding.UTF8.GetBytes($"still alive {round}")));
            Assert.Equal($"still alive {round}", await received.Reader.ReadAsync().AsTask().WaitAsync(Wait));
        }
        Assert.Equal(DtlsTransportState.Connected, pipe.Server.State);
    }

    [Fact]
    public async Task Random_datagrams_before_handshake_end_in_success_or_reported_failure_within_the_timeout()
    {
        var options = DtlsPipe.FastOptions with { HandshakeTimeout = TimeSpan.FromSeconds(3) };
        using var pipe = new DtlsPipe(clientOptions: options, serverOptions: options);
        var random = new Random(99);
        // Garbage may poison BouncyCastle's ClientHello reassembly; it must then fail cleanly, not hang or crash.
        for (int i = 0; i < 200; i++) pipe.Server.OnDatagram(RandomDtlsLike(random));

        Task<DtlsHandshakeResult> server = pipe.Server.Start();
        Task<DtlsHandshakeResult> client = pipe.Client.Start();

        foreach (Task<DtlsHandshakeResult> side in new[] { server, client })
        {
            try
            {
                await side.WaitAsync(Wait);
            }
            catch (DtlsHandshakeException)
            {
                Assert.Equal(DtlsTransportState.Failed, (side == server ? pipe.Server : pipe.Client).State);
            }
        }
    }

    private static byte[] RandomDtlsLike(Random random)
    {
        var bytes = new byte[random.Next(1, 300)];
        random.NextBytes(bytes);
        bytes[0] = (byte)random.Next(20, 64);
        if (bytes.Length > 2 && random.Next(2) == 0)
        {
            // Half of them look like DTLS 1.2 records so they get past the version check.
            bytes[0] = (byte)random.Next(20, 24);
            bytes[1] = 0xFE;
            bytes[2] = 0xFD;
        }
        return bytes;
    }
}

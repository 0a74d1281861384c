using Conference.Media.Dtls;

namespace Conference.Media.Tests.Dtls;

public sealed class DtlsVersionNegotiationTests
{
    /// <summary>
    /// Chromium's ClientHello lists DTLS 1.3 (0xFEFC) and 1.2 (0xFEFD) in supported_versions
    /// (RFC 9147 §5.3). BouncyCastle cannot produce such a hello, so this one is built by hand.
    /// </summary>
    [Fact]
    public async Task Server_answers_a_chromium_style_dtls13_and_12_client_hello_with_dtls_12()
    {
        var serverHello = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var server = new DtlsTransport(DtlsRole.Server, DtlsPipe.ServerCertificate, DtlsPipe.ClientCertificate.Fingerprint,
            d => serverHello.TrySetResult(d.ToArray()), DtlsPipe.FastOptions);
        _ = server.Start();

        server.OnDatagram(ChromiumStyleClientHello());
        byte[] reply = await serverHello.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(22, reply[0]);   // handshake record
        Assert.Equal(2, reply[13]);   // ServerHello
        Assert.Equal(0xFE, reply[25]); // server_version = DTLS 1.2 (0xFEFD)
        Assert.Equal(0xFD, reply[26]);
    }

    private static byte[] ChromiumStyleClientHello()
    {
        byte[] extensions =
        [
            0x00, 0x0A, 0x00, 0x04, 0x00, 0x02, 0x00, 0x17,             // supported_groups: secp256r1
            0x00, 0x0B, 0x00, 0x02, 0x01, 0x00,                         // ec_point_formats: uncompressed
            0x00, 0x0D, 0x00, 0x04, 0x00, 0x02, 0x04, 0x03,             // signature_algorithms: ecdsa_secp256r1_sha256
            0x00, 0x0E, 0x00, 0x07, 0x00, 0x04, 0x00, 0x07, 0x00, 0x01, 0x00, // use_srtp: GCM, CM; no MKI
            0x00, 0x17, 0x00, 0x00,                                     // extended_master_secret
            0xFF, 0x01, 0x00, 0x01, 0x00,                               // renegotiation_info
            0x00, 0x2B, 0x00, 0x05, 0x04, 0xFE, 0xFC, 0xFE, 0xFD,       // supported_versions: DTLS 1.3, DTLS 1.2
        ];
        var body = new List<byte> { 0xFE, 0xFD };                       // legacy client_version
        body.AddRange(Enumerable.Range(0, 32).Select(i => (byte)i));    // random
        body.Add(0);                                                    // session_id
        body.Add(0);                                                    // cookie
        body.AddRange([0x00, 0x02, 0xC0, 0x2B]);                        // TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
        body.AddRange([0x01, 0x00]);                                    // null compression
        body.AddRange([(byte)(extensions.Length >> 8), (byte)extensions.Length]);
        body.AddRange(extensions);

        int n = body.Count;
        var handshake = new List<byte> { 1, 0, (byte)(n >> 8), (byte)n, 0, 0, 0, 0, 0, 0, (byte)(n >> 8), (byte)n };
        handshake.AddRange(body);
        int m = handshake.Count;
        var record = new List<byte> { 22, 0xFE, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0, (byte)(m >> 8), (byte)m };
        record.AddRange(handshake);
        return record.ToArray();
    }
}

using System.Collections.Concurrent;
using Conference.Media.Dtls;

namespace Conference.Media.Tests.Dtls;

/// <summary>
/// After the handshake a DTLS server resends its last flight whenever the client repeats its own (the client's timer
/// fired before our Finished arrived: common on a loaded machine). BouncyCastle's record layer picks a record's content
/// type from state that this resend changes, so application data sent meanwhile from another thread (SCTP) went out as
/// a handshake record, and Chromium ended the association with a fatal decode_error right after connecting.
/// </summary>
public sealed class DtlsRetransmitRaceTests
{
    private const byte ChangeCipherSpec = 20, Handshake = 22, ApplicationData = 23;

    [Fact]
    public async Task Application_data_sent_while_the_server_resends_its_last_flight_goes_out_as_application_data()
    {
        var sentAfterHandshake = new ConcurrentQueue<byte[]>();
        int serverConnected = 0, lastFlightsDropped = 0;
        DtlsTransport? client = null;
        using var server = new DtlsTransport(DtlsRole.Server, DtlsPipe.ServerCertificate, DtlsPipe.ClientCertificate.Fingerprint,
            d =>
            {
                byte type = d.Span[0];
                int epoch = (d.Span[3] << 8) | d.Span[4];
                bool lastFlight = type == ChangeCipherSpec || type == Handshake && epoch == 1;
                if (Volatile.Read(ref serverConnected) == 1)
                {
                    sentAfterHandshake.Enqueue(d.ToArray());
                    // Hold the resend half way (its ChangeCipherSpec sent, its Finished not yet): what another thread
                    // sends meanwhile shows how the record layer labels it.
                    if (type == ChangeCipherSpec) Thread.Sleep(30);
                }
                // The client misses our last flight three times, so it repeats its own and we resend ours after the handshake.
                if (lastFlight && type == ChangeCipherSpec && Interlocked.Increment(ref lastFlightsDropped) <= 3) return;
                if (lastFlight && type == Handshake && Volatile.Read(ref lastFlightsDropped) <= 3) return;
                client!.OnDatagram(d.Span);
            }, DtlsPipe.FastOptions);
        client = new DtlsTransport(DtlsRole.Client, DtlsPipe.ClientCertificate, DtlsPipe.ServerCertificate.Fingerprint,
            d => server.OnDatagram(d.Span), DtlsPipe.FastOptions);
        using var _ = client;
        Task<DtlsHandshakeResult> accepted = server.Start();
        Task<DtlsHandshakeResult> connected = client.Start();
        await accepted.WaitAsync(TimeSpan.FromSeconds(30));
        Volatile.Write(ref serverConnected, 1);

        // Application data from another thread (SCTP's, in a call) until the client has our last flight, and a little longer.
        byte[] payload = new byte[100];
        int sent = 0;
        var sending = Task.Run(async () =>
        {
            var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (!connected.IsCompleted && DateTime.UtcNow < until)
            {
                if (server.Send(payload)) sent++;
                await Task.Yield();
            }
        });
        await connected.WaitAsync(TimeSpan.FromSeconds(30));
        await sending;

        // Every record the server sent after its handshake: application data of the payload's size, or a resent last
        // flight (ChangeCipherSpec, Finished). The resends did happen, and nothing else went out.
        var records = sentAfterHandshake.SelectMany(Records).ToList();
        const int applicationRecordLength = 8 + 100 + 16; // AES-GCM: explicit nonce, data, tag
        const int finishedRecordLength = 8 + 12 + 12 + 16; // nonce, handshake header, verify_data, tag
        Assert.True(records.Count(r => r.Type == ChangeCipherSpec) >= 1, "the server never resent its last flight");
        Assert.All(records, r => Assert.True(
            r is { Type: ApplicationData, Epoch: 1, Length: applicationRecordLength }
            || r is { Type: Handshake, Epoch: 1, Length: finishedRecordLength }
            || r is { Type: ChangeCipherSpec, Epoch: 0 },
            $"record type {r.Type}, epoch {r.Epoch}, length {r.Length} after the handshake ({sent} sent)"));
        Assert.Equal(sent, records.Count(r => r.Type == ApplicationData));
        Assert.True(sent > 0);
        Assert.Equal(DtlsTransportState.Connected, server.State);
    }

    private readonly record struct Record(byte Type, int Epoch, int Length);

    private static List<Record> Records(byte[] datagram)
    {
        var records = new List<Record>();
        for (int offset = 0; offset + 13 <= datagram.Length;)
        {
            int length = (datagram[offset + 11] << 8) | datagram[offset + 12];
            records.Add(new Record(datagram[offset], (datagram[offset + 3] << 8) | datagram[offset + 4], length));
            offset += 13 + length;
        }
        return records;
    }
}

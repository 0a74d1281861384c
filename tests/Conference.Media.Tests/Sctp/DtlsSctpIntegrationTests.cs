using System.Text;
using Conference.Media.Dtls;
using Conference.Media.Sctp;
using Conference.Media.Tests.Dtls;

namespace Conference.Media.Tests.Sctp;

/// <summary>The whole data-channel stack in memory: DTLS client and server, SCTP over DTLS, DCEP, a channel.</summary>
public sealed class DtlsSctpIntegrationTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Data_channel_round_trip_over_sctp_over_dtls()
    {
        using var dtls = new DtlsPipe();
        var sctpOptions = new SctpAssociationOptions { RtoInitial = TimeSpan.FromMilliseconds(200), RtoMin = TimeSpan.FromMilliseconds(100) };
        // Bound before the handshake, so the first SCTP packet after it cannot be missed.
        using SctpAssociation clientSctp = SctpOverDtls.Create(dtls.Client, sctpOptions);
        using SctpAssociation serverSctp = SctpOverDtls.Create(dtls.Server, sctpOptions);
        await dtls.ConnectAsync();
        var client = new DataChannelEndpoint(clientSctp, isDtlsClient: true);
        var server = new DataChannelEndpoint(serverSctp, isDtlsClient: false);
        var echoed = new TaskCompletionSource<(bool, byte[])>(TaskCreationOptions.RunContinuationsAsynchronously);
        var bigEchoed = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        var opened = new TaskCompletionSource<DataChannel>(TaskCreationOptions.RunContinuationsAsynchronously);
        server.DataChannelOpened += channel =>
        {
            channel.MessageReceived += (binary, data) =>
            {
                if (binary) channel.Send(data);
                else channel.Send(Encoding.UTF8.GetString(data).ToUpperInvariant());
            };
            opened.TrySetResult(channel);
        };

        // Both peers send INIT, as browsers do.
        clientSctp.Connect();
        serverSctp.Connect();
        DataChannel chat = client.CreateDataChannel("chat");
        chat.MessageReceived += (binary, data) =>
        {
            if (binary) bigEchoed.TrySetResult(data);
            else echoed.TrySetResult((binary, data));
        };
        var chatOpened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        chat.Opened += () => chatOpened.TrySetResult();
        if (chat.State == DataChannelState.Open) chatOpened.TrySetResult();
        await chatOpened.Task.WaitAsync(Wait);

        chat.Send("hello over dtls");
        var big = new byte[100 * 1024];
        new Random(11).NextBytes(big);
        chat.Send(big);

        DataChannel remote = await opened.Task.WaitAsync(Wait);
        Assert.Equal("chat", remote.Label);
        (bool isBinary, byte[] reply) = await echoed.Task.WaitAsync(Wait);
        Assert.False(isBinary);
        Assert.Equal("HELLO OVER DTLS", Encoding.UTF8.GetString(reply));
        Assert.Equal(big, await bigEchoed.Task.WaitAsync(Wait));
        Assert.Equal(SctpAssociationState.Established, clientSctp.State);
        Assert.Equal(SctpAssociationState.Established, serverSctp.State);
    }

    [Fact]
    public async Task Reliable_channel_recovers_from_lost_dtls_records()
    {
        bool lossy = false;
        int dropped = 0;
        var loss = new Random(21);
        bool Drop()
        {
            if (!Volatile.Read(ref lossy)) return false;
            lock (loss)
            {
                if (loss.NextDouble() >= 0.1) return false;
                dropped++;
                return true;
            }
        }
        using var dtls = new DtlsPipe(dropFromClient: _ => Drop(), dropFromServer: _ => Drop());
        var sctpOptions = new SctpAssociationOptions { RtoInitial = TimeSpan.FromMilliseconds(200), RtoMin = TimeSpan.FromMilliseconds(100) };
        using SctpAssociation clientSctp = SctpOverDtls.Create(dtls.Client, sctpOptions);
        using SctpAssociation serverSctp = SctpOverDtls.Create(dtls.Server, sctpOptions);
        var client = new DataChannelEndpoint(clientSctp, isDtlsClient: true);
        var server = new DataChannelEndpoint(serverSctp, isDtlsClient: false);
        server.DataChannelOpened += channel => channel.MessageReceived += (_, data) => channel.Send(Encoding.UTF8.GetString(data));
        var echoes = new List<string>();
        var allEchoed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await dtls.ConnectAsync();
        clientSctp.Connect();
        serverSctp.Connect();
        var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        DataChannel channel = client.CreateDataChannel("lossy");
        channel.Opened += () => opened.TrySetResult();
        channel.MessageReceived += (_, data) =>
        {
            lock (echoes)
            {
                echoes.Add(Encoding.UTF8.GetString(data));
                if (echoes.Count == 40) allEchoed.TrySetResult();
            }
        };
        if (channel.State == DataChannelState.Open) opened.TrySetResult();
        await opened.Task.WaitAsync(Wait);

        Volatile.Write(ref lossy, true);
        for (int i = 0; i < 40; i++) channel.Send($"message {i} " + new string('x', i * 50));

        await allEchoed.Task.WaitAsync(Wait);
        Assert.Equal(Enumerable.Range(0, 40).Select(i => $"message {i} " + new string('x', i * 50)), echoes);
        lock (loss) Assert.True(dropped > 0, "the pipe should have lost some records");
    }
}

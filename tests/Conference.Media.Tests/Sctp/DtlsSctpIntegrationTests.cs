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
}

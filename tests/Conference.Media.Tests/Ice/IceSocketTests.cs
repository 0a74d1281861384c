using System.Net;
using System.Net.Sockets;
using Conference.Media.Ice;

namespace Conference.Media.Tests.Ice;

/// <summary>Both agents over real UDP sockets on loopback with the system clock.</summary>
public sealed class IceSocketTests
{
    [Fact]
    public async Task ClientAndLiteAgent_ConnectOverLoopbackUdp()
    {
        using var serverSocket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        using var clientSocket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var serverAddress = (IPEndPoint)serverSocket.Client.LocalEndPoint!;
        var clientAddress = (IPEndPoint)clientSocket.Client.LocalEndPoint!;
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var serverCredentials = IceCredentials.Generate();
        var clientCredentials = IceCredentials.Generate();
        var lite = new IceLiteAgent();
        IceLiteSession session = lite.AddSession(serverCredentials, clientCredentials);
        var mediaReceived = new TaskCompletionSource<IceLiteSession>(TaskCreationOptions.RunContinuationsAsynchronously);
        Task serverLoop = Task.Run(async () =>
        {
            var response = new byte[256];
            while (!cancellation.IsCancellationRequested)
            {
                UdpReceiveResult received = await serverSocket.ReceiveAsync(cancellation.Token);
                IceLiteResult result = lite.ProcessPacket(received.Buffer, received.RemoteEndPoint, response, out int length, out _);
                if (length > 0)
                {
                    serverSocket.Send(response.AsSpan(0, length), received.RemoteEndPoint);
                }
                else if (result == IceLiteResult.NotStun && lite.TryGetSession(received.RemoteEndPoint, out IceLiteSession? routed))
                {
                    mediaReceived.TrySetResult(routed);
                }
            }
        });

        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var client = new IceClientAgent(clientCredentials, serverCredentials, (datagram, to) => clientSocket.Send(datagram, to));
        client.StateChanged += state =>
        {
            if (state == IceClientState.Connected)
            {
                connected.TrySetResult();
            }
        };
        Task clientLoop = Task.Run(async () =>
        {
            while (!cancellation.IsCancellationRequested)
            {
                UdpReceiveResult received = await clientSocket.ReceiveAsync(cancellation.Token);
                client.OnPacket(received.Buffer, received.RemoteEndPoint);
            }
        });
        client.AddRemoteCandidate(serverAddress, IceCandidatePriority.Compute(IceCandidatePriority.HostTypePreference));

        client.Start();
        await connected.Task.WaitAsync(cancellation.Token);
        clientSocket.Send([0x80, 0x60, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1], serverAddress); // RTP-looking datagram
        IceLiteSession routedSession = await mediaReceived.Task.WaitAsync(cancellation.Token);

        Assert.Same(session, routedSession);
        Assert.Equal(serverAddress, client.SelectedAddress);
        Assert.Equal(clientAddress, session.NominatedAddress);
        Assert.True(session.CanSendTo(clientAddress));
        await cancellation.CancelAsync();
        await Task.WhenAll(serverLoop, clientLoop).ContinueWith(_ => { }); // loops end by cancellation
    }
}

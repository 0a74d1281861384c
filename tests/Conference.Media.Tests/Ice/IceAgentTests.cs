using System.Net;
using Conference.Media.Ice;

namespace Conference.Media.Tests.Ice;

/// <summary>Client agent against the lite agent over an in-memory network with manual time.</summary>
public sealed class IceAgentTests
{
    private static readonly IPEndPoint ClientAddress = new(IPAddress.Parse("192.0.2.10"), 50000);
    private static readonly IPEndPoint SecondClientAddress = new(IPAddress.Parse("192.0.2.20"), 50001);

    private readonly ManualTimeProvider _time = new();
    private readonly InMemoryNetwork _network = new();
    private readonly LiteServer _server;

    public IceAgentTests() => _server = new LiteServer(_network, _time);

    [Fact]
    public void AggressiveNomination_ConnectsAndBindsClientAddressToSession()
    {
        var serverCredentials = IceCredentials.Generate();
        var clientCredentials = IceCredentials.Generate();
        IceLiteSession session = _server.Agent.AddSession(serverCredentials, clientCredentials);
        using IceClientAgent client = StartClient(ClientAddress, clientCredentials, serverCredentials);

        _network.Pump();

        Assert.Equal(IceClientState.Connected, client.State);
        Assert.Equal(LiteServer.Address, client.SelectedAddress);
        Assert.True(client.CanSend);
        Assert.Equal(ClientAddress, session.NominatedAddress);
        Assert.True(session.CanSendTo(ClientAddress));
        Assert.True(_server.Agent.TryGetSession(ClientAddress, out IceLiteSession? routed));
        Assert.Same(session, routed);
        Assert.Equal(1, _server.Agent.Counters.BindingRequestsAnswered);
    }

    [Fact]
    public void RegularNomination_ValidatesFirstThenNominatesWithUseCandidate()
    {
        var serverCredentials = IceCredentials.Generate();
        var clientCredentials = IceCredentials.Generate();
        IceLiteSession session = _server.Agent.AddSession(serverCredentials, clientCredentials);
        using IceClientAgent client = StartClient(ClientAddress, clientCredentials, serverCredentials, IceNomination.Regular);

        _network.Pump();
        Assert.Equal(IceClientState.Checking, client.State);
        Assert.Equal([ClientAddress], session.ValidatedAddresses);
        Assert.Null(session.NominatedAddress);

        _network.Run(_time, TimeSpan.FromMilliseconds(50));

        Assert.Equal(IceClientState.Connected, client.State);
        Assert.Equal(ClientAddress, session.NominatedAddress);
    }

    [Fact]
    public void WrongPassword_IsIgnoredWithoutResponseAndClientEventuallyFails()
    {
        var serverCredentials = IceCredentials.Generate();
        var clientCredentials = IceCredentials.Generate();
        IceLiteSession session = _server.Agent.AddSession(serverCredentials, clientCredentials);
        using IceClientAgent client = StartClient(ClientAddress, clientCredentials, serverCredentials with { Password = "not-the-password-at-all" });

        _network.Run(_time, TimeSpan.FromSeconds(45), TimeSpan.FromMilliseconds(250));

        Assert.Equal(IceClientState.Failed, client.State);
        Assert.Equal(7, _server.Agent.Counters.BadIntegrity); // Rc = 7 transmissions, all dropped
        Assert.Equal(0, _server.Agent.Counters.BindingRequestsAnswered);
        Assert.Empty(session.ValidatedAddresses);
        Assert.False(session.CanSendTo(ClientAddress));
        Assert.False(_server.Agent.TryGetSession(ClientAddress, out _));
    }

    [Fact]
    public void MediaFromAddress_IsRoutedOnlyAfterAnAuthenticatedCheck()
    {
        var serverCredentials = IceCredentials.Generate();
        var clientCredentials = IceCredentials.Generate();
        IceLiteSession session = _server.Agent.AddSession(serverCredentials, clientCredentials);
        byte[] media = [0x80, 0x60, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 1];

        _network.Send(ClientAddress, LiteServer.Address, media);
        _network.Pump();
        Assert.Empty(_server.MediaRouted);

        using IceClientAgent client = StartClient(ClientAddress, clientCredentials, serverCredentials);
        _network.Pump();
        _network.Send(ClientAddress, LiteServer.Address, media);
        _network.Pump();

        (IceLiteSession routedSession, byte[] data) = Assert.Single(_server.MediaRouted);
        Assert.Same(session, routedSession);
        Assert.Equal(media, data);
    }

    [Fact]
    public void Consent_ExpiresWhenChecksStop_AndIsKeptWhileTheyFlow()
    {
        var serverCredentials = IceCredentials.Generate();
        var clientCredentials = IceCredentials.Generate();
        IceLiteSession session = _server.Agent.AddSession(serverCredentials, clientCredentials);
        using IceClientAgent client = StartClient(ClientAddress, clientCredentials, serverCredentials);
        _network.Pump();

        _network.Run(_time, TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(500));
        Assert.True(session.CanSendTo(ClientAddress));
        Assert.True(client.CanSend);
        Assert.Equal(IceClientState.Connected, client.State);

        _network.Connected = false; // partition: no consent checks reach the server
        // Checks go every 4-6 s (RFC 7675 randomisation), so the last one is at most 6 s old.
        _network.Run(_time, TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(500));
        Assert.True(session.CanSendTo(ClientAddress)); // under 30 s since the last check
        _network.Run(_time, TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(500));

        Assert.False(session.CanSendTo(ClientAddress));
        Assert.False(client.CanSend);
        Assert.Equal(IceClientState.ConsentLost, client.State);
        Assert.Equal(1, _server.Agent.RemoveExpiredAddresses());
        Assert.False(_server.Agent.TryGetSession(ClientAddress, out _));
    }

    [Fact]
    public void TwoSessionsOnOneSocket_AreDemultiplexedByUfragThenAddress()
    {
        var serverA = IceCredentials.Generate();
        var serverB = IceCredentials.Generate();
        var clientA = IceCredentials.Generate();
        var clientB = IceCredentials.Generate();
        IceLiteSession sessionA = _server.Agent.AddSession(serverA, clientA);
        IceLiteSession sessionB = _server.Agent.AddSession(serverB, clientB);
        using IceClientAgent a = StartClient(ClientAddress, clientA, serverA);
        using IceClientAgent b = StartClient(SecondClientAddress, clientB, serverB);

        _network.Pump();

        Assert.Equal(IceClientState.Connected, a.State);
        Assert.Equal(IceClientState.Connected, b.State);
        Assert.Equal(ClientAddress, sessionA.NominatedAddress);
        Assert.Equal(SecondClientAddress, sessionB.NominatedAddress);
        Assert.False(sessionA.CanSendTo(SecondClientAddress));
        Assert.True(_server.Agent.TryGetSession(SecondClientAddress, out IceLiteSession? routed));
        Assert.Same(sessionB, routed);
    }

    [Fact]
    public void ChecksForAnotherSessionsUfragWithOurPassword_FailIntegrity()
    {
        var serverA = IceCredentials.Generate();
        var serverB = IceCredentials.Generate();
        var client = IceCredentials.Generate();
        _server.Agent.AddSession(serverA, client);
        _server.Agent.AddSession(serverB, client with { Ufrag = "other" });
        using IceClientAgent intruder = StartClient(ClientAddress, client, serverA with { Password = serverB.Password });

        _network.Pump();

        Assert.Equal(IceClientState.Checking, intruder.State);
        Assert.Equal(1, _server.Agent.Counters.BadIntegrity);
        Assert.False(_server.Agent.TryGetSession(ClientAddress, out _));
    }

    [Fact]
    public void UnknownUfrag_IsIgnoredAndCounted()
    {
        var client = IceCredentials.Generate();
        using IceClientAgent stranger = StartClient(ClientAddress, client, IceCredentials.Generate());

        _network.Pump();

        Assert.Equal(1, _server.Agent.Counters.UnknownUsername);
        Assert.Equal([IceLiteResult.IgnoredUnknownUsername], _server.Results);
    }

    [Fact]
    public void Retransmissions_FollowRfc8489Schedule()
    {
        var sendTimes = new List<TimeSpan>();
        DateTimeOffset start = _time.GetUtcNow();
        using var client = new IceClientAgent(IceCredentials.Generate(), IceCredentials.Generate(),
            (_, _) => sendTimes.Add(_time.GetUtcNow() - start), _time);
        client.AddRemoteCandidate(LiteServer.Address, 1);
        client.Start();

        _time.Advance(TimeSpan.FromSeconds(45));

        // RFC 8489 §6.2.1 with RTO 500 ms: 0, 500, 1500, 3500, 7500, 15500, 31500 ms; failure at 39500.
        Assert.Equal(new[] { 0, 500, 1500, 3500, 7500, 15500, 31500 }, sendTimes.Select(t => (int)t.TotalMilliseconds));
        Assert.Equal(IceClientState.Failed, client.State);
    }

    [Fact]
    public void TwoControllingFullAgents_ResolveRoleConflictByTieBreakerAndConnect()
    {
        var credentialsA = IceCredentials.Generate();
        var credentialsB = IceCredentials.Generate();
        IPEndPoint addressA = ClientAddress, addressB = SecondClientAddress;
        using var a = new IceClientAgent(credentialsA, credentialsB, _network.SenderFor(addressA), _time) { TieBreaker = 1000 };
        using var b = new IceClientAgent(credentialsB, credentialsA, _network.SenderFor(addressB), _time) { TieBreaker = 10 };
        _network.Attach(addressA, (data, from) => a.OnPacket(data, from));
        _network.Attach(addressB, (data, from) => b.OnPacket(data, from));
        a.AddRemoteCandidate(addressB, IceCandidatePriority.Compute(IceCandidatePriority.HostTypePreference));
        b.AddRemoteCandidate(addressA, IceCandidatePriority.Compute(IceCandidatePriority.HostTypePreference));

        a.Start();
        b.Start();
        _network.Run(_time, TimeSpan.FromSeconds(1));

        // RFC 8445 §7.3.1.1: the larger tie-breaker keeps the controlling role.
        Assert.Equal(IceRole.Controlling, a.Role);
        Assert.Equal(IceRole.Controlled, b.Role);
        Assert.Equal(IceClientState.Connected, a.State);
        Assert.Equal(IceClientState.Connected, b.State);
        Assert.Equal(addressB, a.SelectedAddress);
        Assert.Equal(addressA, b.SelectedAddress);
    }

    [Fact]
    public void MediaPathLookups_DoNotAllocate()
    {
        var serverCredentials = IceCredentials.Generate();
        var clientCredentials = IceCredentials.Generate();
        IceLiteSession session = _server.Agent.AddSession(serverCredentials, clientCredentials);
        using IceClientAgent client = StartClient(ClientAddress, clientCredentials, serverCredentials);
        _network.Pump();
        SocketAddress received = ClientAddress.Serialize(); // what Socket.ReceiveFrom fills in
        DateTimeOffset now = _time.GetUtcNow();
        Assert.True(_server.Agent.TryGetSession(received, out _)); // warm-up
        Assert.True(session.CanSendTo(ClientAddress, now));

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            _server.Agent.TryGetSession(received, out _);
            session.CanSendTo(ClientAddress, now);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void RegularNomination_WaitsForBetterPairToFailBeforeNominatingWorkingOne()
    {
        var serverCredentials = IceCredentials.Generate();
        var clientCredentials = IceCredentials.Generate();
        IceLiteSession session = _server.Agent.AddSession(serverCredentials, clientCredentials);
        var unreachable = new IPEndPoint(IPAddress.Parse("10.9.9.9"), 9);
        using var client = new IceClientAgent(clientCredentials, serverCredentials, _network.SenderFor(ClientAddress), _time,
            new IceClientOptions { Nomination = IceNomination.Regular });
        _network.Attach(ClientAddress, (data, from) => client.OnPacket(data, from));
        client.AddRemoteCandidate(LiteServer.Address, IceCandidatePriority.Compute(IceCandidatePriority.ServerReflexiveTypePreference));
        client.AddRemoteCandidate(unreachable, IceCandidatePriority.Compute(IceCandidatePriority.HostTypePreference));
        client.Start();

        _network.Run(_time, TimeSpan.FromSeconds(10));
        Assert.Equal(IceClientState.Checking, client.State); // the better (host) pair may still succeed
        Assert.Null(session.NominatedAddress);

        _network.Run(_time, TimeSpan.FromSeconds(31)); // host pair times out at 39.5 s (RFC 8489 §6.2.1)

        Assert.Equal(IceClientState.Connected, client.State);
        Assert.Equal(LiteServer.Address, client.SelectedAddress);
        Assert.Equal(ClientAddress, session.NominatedAddress);
    }

    [Fact]
    public void ClientAgent_SurvivesRandomAndMutatedDatagrams()
    {
        var serverCredentials = IceCredentials.Generate();
        var clientCredentials = IceCredentials.Generate();
        _server.Agent.AddSession(serverCredentials, clientCredentials);
        var captured = new List<byte[]>();
        using var client = new IceClientAgent(clientCredentials, serverCredentials, (datagram, _) => captured.Add(datagram.ToArray()), _time);
        client.AddRemoteCandidate(LiteServer.Address, 1);
        client.Start();
        byte[] request = captured[0];
        var random = new Random(7675);
        for (int i = 0; i < 10_000; i++)
        {
            byte[] packet = (byte[])request.Clone();
            if (i % 2 == 0)
            {
                packet = new byte[random.Next(0, 100)];
                random.NextBytes(packet);
            }
            else
            {
                packet[random.Next(packet.Length)] ^= (byte)(1 << random.Next(8));
                packet[0] = (byte)random.Next(2); // 0x0001 request or 0x0101 success response
            }

            client.OnPacket(packet, LiteServer.Address);
        }

        Assert.Equal(IceClientState.Checking, client.State);
        Assert.Null(client.SelectedAddress);
    }

    private IceClientAgent StartClient(IPEndPoint address, IceCredentials local, IceCredentials remote, IceNomination nomination = IceNomination.Aggressive)
    {
        var client = new IceClientAgent(local, remote, _network.SenderFor(address), _time, new IceClientOptions { Nomination = nomination });
        _network.Attach(address, (data, from) => client.OnPacket(data, from));
        client.AddRemoteCandidate(LiteServer.Address, IceCandidatePriority.Compute(IceCandidatePriority.HostTypePreference));
        client.Start();
        return client;
    }
}

using System.Net;
using System.Text;
using Conference.Media.Ice;
using Conference.Media.Stun;

namespace Conference.Media.Tests.Ice;

/// <summary>The lite agent fed hand-built datagrams, as the socket loop would.</summary>
public sealed class IceLiteAgentTests
{
    private static readonly IPEndPoint Peer = new(IPAddress.Parse("198.51.100.7"), 40000);
    private static readonly IceCredentials Server = new("srvA", "server-password-0123456789");
    private static readonly IceCredentials Client = new("cliA", "client-password-0123456789");

    private readonly ManualTimeProvider _time = new();

    [Fact]
    public void ValidRequest_IsAnsweredWithSignedXorMappedAddress()
    {
        var agent = new IceLiteAgent(_time);
        IceLiteSession session = agent.AddSession(Server, Client);
        byte[] request = BuildRequest("srvA:cliA", Server.Password, useCandidate: false, controlled: false);
        var response = new byte[256];

        IceLiteResult result = agent.ProcessPacket(request, Peer, response, out int length, out IceLiteSession? matched);

        Assert.Equal(IceLiteResult.BindingSucceeded, result);
        Assert.Same(session, matched);
        Assert.True(StunMessage.TryParse(response.AsSpan(0, length), out StunMessageView answer));
        Assert.Equal(StunClass.SuccessResponse, answer.Class);
        Assert.Equal(request.AsSpan(8, 12).ToArray(), answer.TransactionId.ToArray());
        Assert.True(answer.TryGetXorMappedAddress(out IPEndPoint? mapped));
        Assert.Equal(Peer, mapped);
        Assert.True(answer.VerifyMessageIntegrity(Encoding.UTF8.GetBytes(Server.Password)));
        Assert.True(answer.VerifyFingerprint());
        Assert.Null(session.NominatedAddress); // no USE-CANDIDATE yet
        Assert.True(session.CanSendTo(Peer));
    }

    [Fact]
    public void PeerClaimingControlledRole_GetsAuthenticated487AndIsNotBound()
    {
        var agent = new IceLiteAgent(_time);
        IceLiteSession session = agent.AddSession(Server, Client);
        var response = new byte[256];

        IceLiteResult result = agent.ProcessPacket(BuildRequest("srvA:cliA", Server.Password, useCandidate: false, controlled: true), Peer, response, out int length, out _);

        Assert.Equal(IceLiteResult.RoleConflict, result);
        Assert.True(StunMessage.TryParse(response.AsSpan(0, length), out StunMessageView answer));
        Assert.Equal(StunClass.ErrorResponse, answer.Class);
        Assert.True(answer.TryGetErrorCode(out int code, out _));
        Assert.Equal(487, code);
        Assert.True(answer.VerifyMessageIntegrity(Encoding.UTF8.GetBytes(Server.Password)));
        Assert.False(session.CanSendTo(Peer));
    }

    [Fact]
    public void UnknownComprehensionRequiredAttribute_GetsSigned420ListingIt()
    {
        var agent = new IceLiteAgent(_time);
        IceLiteSession session = agent.AddSession(Server, Client);
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.Request, new byte[12]);
        writer.AddUsername("srvA:cliA");
        writer.AddAttribute(0x7F01, [1, 2, 3, 4]);       // comprehension-required, unknown
        writer.AddAttribute(0xC057, [0, 1, 0, 0]);       // comprehension-optional (GOOG-NETWORK-INFO): fine
        writer.AddMessageIntegrity(Encoding.UTF8.GetBytes(Server.Password));
        writer.AddFingerprint();
        var response = new byte[256];

        IceLiteResult result = agent.ProcessPacket(buffer.AsSpan(0, writer.Length), Peer, response, out int length, out _);

        Assert.Equal(IceLiteResult.UnknownAttributes, result);
        Assert.True(StunMessage.TryParse(response.AsSpan(0, length), out StunMessageView answer));
        Assert.True(answer.TryGetErrorCode(out int code, out _));
        Assert.Equal(420, code);
        Span<ushort> unknown = stackalloc ushort[4];
        Assert.Equal(1, answer.GetUnknownAttributes(unknown));
        Assert.Equal(0x7F01, unknown[0]);
        Assert.False(session.CanSendTo(Peer));
        Assert.Equal(1, agent.Counters.UnknownAttributes);
    }

    [Fact]
    public void RemoteUfragMismatch_IsIgnored()
    {
        var agent = new IceLiteAgent(_time);
        agent.AddSession(Server, Client);

        IceLiteResult result = agent.ProcessPacket(BuildRequest("srvA:evil", Server.Password, false, false), Peer, new byte[256], out int length, out _);

        Assert.Equal(IceLiteResult.IgnoredUnknownUsername, result);
        Assert.Equal(0, length);
    }

    [Fact]
    public void RequestWithoutIntegrity_IsIgnoredAsMalformed()
    {
        var agent = new IceLiteAgent(_time);
        agent.AddSession(Server, Client);
        var buffer = new byte[128];
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.Request, new byte[12]);
        writer.AddUsername("srvA:cliA");
        writer.AddFingerprint();

        IceLiteResult result = agent.ProcessPacket(buffer.AsSpan(0, writer.Length), Peer, new byte[256], out int length, out _);

        Assert.Equal(IceLiteResult.IgnoredMalformed, result);
        Assert.Equal(0, length);
        Assert.False(agent.TryGetSession(Peer, out _));
    }

    [Fact]
    public void AddressMovesToTheSessionThatLastAuthenticatedFromIt()
    {
        var agent = new IceLiteAgent(_time);
        IceLiteSession first = agent.AddSession(Server, Client);
        IceLiteSession second = agent.AddSession(new IceCredentials("srvB", "server-password-b-123456789"), new IceCredentials("cliB", "x"));
        agent.ProcessPacket(BuildRequest("srvA:cliA", Server.Password, true, false), Peer, new byte[256], out _, out _);

        agent.ProcessPacket(BuildRequest("srvB:cliB", "server-password-b-123456789", true, false), Peer, new byte[256], out _, out _);

        Assert.True(agent.TryGetSession(Peer, out IceLiteSession? routed));
        Assert.Same(second, routed);
        Assert.False(first.CanSendTo(Peer));
        Assert.Null(first.NominatedAddress);
    }

    [Fact]
    public void RemovedSession_NoLongerAnswersOrRoutes()
    {
        var agent = new IceLiteAgent(_time);
        IceLiteSession session = agent.AddSession(Server, Client);
        agent.ProcessPacket(BuildRequest("srvA:cliA", Server.Password, true, false), Peer, new byte[256], out _, out _);

        Assert.True(agent.RemoveSession(session));

        Assert.False(agent.TryGetSession(Peer, out _));
        Assert.False(session.CanSendTo(Peer));
        Assert.Equal(IceLiteResult.IgnoredUnknownUsername,
            agent.ProcessPacket(BuildRequest("srvA:cliA", Server.Password, true, false), Peer, new byte[256], out _, out _));
    }

    [Fact]
    public void RandomAndMutatedDatagrams_NeverThrowAndNeverGetAnAnswer()
    {
        var agent = new IceLiteAgent(_time);
        agent.AddSession(Server, Client);
        byte[] valid = BuildRequest("srvA:cliA", Server.Password, true, false);
        var random = new Random(8445);
        var response = new byte[256];
        for (int i = 0; i < 10_000; i++)
        {
            byte[] packet;
            if (i % 2 == 0)
            {
                packet = new byte[random.Next(0, 120)];
                random.NextBytes(packet);
            }
            else
            {
                packet = (byte[])valid.Clone();
                // Any bit MESSAGE-INTEGRITY covers. Not the length field (MI is computed over
                // a rewritten length, so a shorter length that drops FINGERPRINT stays valid)
                // nor the trailing FINGERPRINT TLV (a flipped type becomes an ignored attribute).
                int position = random.Next(0, packet.Length - 8 - 2);
                packet[position < 2 ? position : position + 2] ^= (byte)(1 << random.Next(8));
            }

            IceLiteResult result = agent.ProcessPacket(packet, Peer, response, out int length, out _);

            Assert.NotEqual(IceLiteResult.BindingSucceeded, result);
            Assert.Equal(0, length);
        }

        Assert.False(agent.TryGetSession(Peer, out _));
    }

    private static byte[] BuildRequest(string username, string password, bool useCandidate, bool controlled)
    {
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.Request, Guid.NewGuid().ToByteArray().AsSpan(0, 12));
        writer.AddUsername(username);
        writer.AddPriority(IceCandidatePriority.Compute(IceCandidatePriority.PeerReflexiveTypePreference));
        if (controlled)
        {
            writer.AddIceControlled(42);
        }
        else
        {
            writer.AddIceControlling(42);
        }

        if (useCandidate)
        {
            writer.AddUseCandidate();
        }

        writer.AddMessageIntegrity(Encoding.UTF8.GetBytes(password));
        writer.AddFingerprint();
        return buffer[..writer.Length];
    }
}

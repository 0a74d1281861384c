using System.Net;
using Conference.Media.Ice;

namespace Conference.Media.Tests.Ice;

/// <summary>An <see cref="IceLiteAgent"/> attached to the in-memory network the way a socket loop would drive it.</summary>
internal sealed class LiteServer
{
    public static readonly IPEndPoint Address = new(IPAddress.Parse("10.0.0.1"), 3478);

    public LiteServer(InMemoryNetwork network, ManualTimeProvider time)
    {
        Agent = new IceLiteAgent(time);
        network.Attach(Address, (data, from) =>
        {
            var response = new byte[256];
            IceLiteResult result = Agent.ProcessPacket(data, from, response, out int length, out _);
            Results.Add(result);
            if (length > 0)
            {
                network.Send(Address, from, response.AsSpan(0, length));
            }
            else if (result == IceLiteResult.NotStun && Agent.TryGetSession(from, out IceLiteSession? session))
            {
                MediaRouted.Add((session, data));
            }
        });
    }

    public IceLiteAgent Agent { get; }

    public List<IceLiteResult> Results { get; } = new();

    public List<(IceLiteSession Session, byte[] Data)> MediaRouted { get; } = new();
}

using System.Net;
using Conference.Media.Ice;

namespace Conference.Media.Tests.Ice;

/// <summary>
/// Datagrams between in-memory endpoints. Sends are queued and delivered by <see cref="Pump"/>,
/// so an agent never re-enters itself and tests decide when the wire moves.
/// </summary>
internal sealed class InMemoryNetwork
{
    private readonly Queue<(IPEndPoint From, IPEndPoint To, byte[] Data)> _queue = new();
    private readonly Dictionary<IPEndPoint, Action<byte[], IPEndPoint>> _endpoints = new();

    /// <summary>When false, datagrams are dropped (a partition).</summary>
    public bool Connected { get; set; } = true;

    public int Delivered { get; private set; }

    public void Attach(IPEndPoint address, Action<byte[], IPEndPoint> receive) => _endpoints[address] = receive;

    public IceSend SenderFor(IPEndPoint from) => (datagram, to) => Send(from, to, datagram);

    public void Send(IPEndPoint from, IPEndPoint to, ReadOnlySpan<byte> datagram)
    {
        if (Connected)
        {
            _queue.Enqueue((from, to, datagram.ToArray()));
        }
    }

    public void Pump()
    {
        for (int guard = 0; _queue.Count > 0; guard++)
        {
            Assert.True(guard < 10_000, "datagram storm");
            (IPEndPoint from, IPEndPoint to, byte[] data) = _queue.Dequeue();
            if (_endpoints.TryGetValue(to, out Action<byte[], IPEndPoint>? receive))
            {
                Delivered++;
                receive(data, from);
            }
        }
    }

    /// <summary>Moves time in small steps, delivering what the timers sent after each step.</summary>
    public void Run(ManualTimeProvider time, TimeSpan duration, TimeSpan? step = null)
    {
        TimeSpan increment = step ?? TimeSpan.FromMilliseconds(50);
        for (TimeSpan elapsed = TimeSpan.Zero; elapsed < duration; elapsed += increment)
        {
            time.Advance(increment);
            Pump();
        }
    }
}

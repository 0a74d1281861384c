using System.Net;
using System.Net.Sockets;
using Conference.Media.Stun;

namespace Conference.Media.Ice;

/// <summary>
/// One peer's ICE state on the shared server socket: its credentials, the addresses that
/// passed an authenticated check (RFC 8445 §7.3.1.4) and when each last did, which is the
/// consent that allows sending to it (RFC 7675 §5.1). Created by <see cref="IceLiteAgent.AddSession"/>.
/// </summary>
public sealed class IceLiteSession
{
    private readonly IceLiteAgent _agent;
    private readonly List<ConsentedAddress> _addresses = new(2);
    private volatile bool _removed;
    private IPEndPoint? _nominated;

    internal IceLiteSession(IceLiteAgent agent, IceCredentials local, IceCredentials? remote)
    {
        _agent = agent;
        Local = local;
        Remote = remote;
        LocalKey = StunCredentials.ShortTermKey(local.Password);
    }

    public IceCredentials Local { get; }

    /// <summary>The peer's credentials from its SDP; only the ufrag is used by a lite agent.</summary>
    public IceCredentials? Remote { get; }

    /// <summary>Free for the owner (e.g. the transport that demultiplexes onward).</summary>
    public object? Tag { get; set; }

    internal byte[] LocalKey { get; }

    /// <summary>Set once the agent dropped the session; read lock-free by senders.</summary>
    internal bool IsRemoved
    {
        get => _removed;
        set => _removed = value;
    }

    /// <summary>The address the controlling peer nominated with USE-CANDIDATE (RFC 8445 §7.3.1.5).</summary>
    public IPEndPoint? NominatedAddress
    {
        get
        {
            lock (_agent.SyncRoot)
            {
                return _nominated;
            }
        }
    }

    public IReadOnlyList<IPEndPoint> ValidatedAddresses
    {
        get
        {
            lock (_agent.SyncRoot)
            {
                return _addresses.Select(a => a.EndPoint).ToArray();
            }
        }
    }

    /// <summary>True while <paramref name="address"/> has consent at the agent's current time.</summary>
    public bool CanSendTo(IPEndPoint address) => CanSendTo(address, _agent.TimeProvider.GetUtcNow());

    /// <summary>
    /// RFC 7675 §5.1: media may go only to an address whose last authenticated check is
    /// younger than the consent timeout; this is what keeps us from being a UDP amplifier.
    /// </summary>
    public bool CanSendTo(IPEndPoint address, DateTimeOffset now)
    {
        lock (_agent.SyncRoot)
        {
            int i = IndexOf(address);
            return i >= 0 && !IsRemoved && now - _addresses[i].LastConsent < _agent.ConsentTimeout;
        }
    }

    /// <summary>
    /// The validated address as a stable object a sender can keep: its consent is refreshed in place by each check
    /// and read without the agent's lock (<see cref="HasConsent"/>). Null when the address is not validated.
    /// </summary>
    public ConsentedAddress? FindAddress(IPEndPoint address)
    {
        lock (_agent.SyncRoot)
        {
            int i = IndexOf(address);
            return i >= 0 ? _addresses[i] : null;
        }
    }

    /// <summary>The lock-free <see cref="CanSendTo(IPEndPoint, DateTimeOffset)"/> for the send path (RFC 7675 §5.1).</summary>
    public bool HasConsent(ConsentedAddress address, DateTimeOffset now) =>
        !_removed && address.HasConsent(now, _agent.ConsentTimeout);

    public DateTimeOffset? GetLastConsent(IPEndPoint address)
    {
        lock (_agent.SyncRoot)
        {
            int i = IndexOf(address);
            return i >= 0 ? _addresses[i].LastConsent : null;
        }
    }

    /// <summary>Records an authenticated check; returns true when the address is new to this session.</summary>
    internal bool RecordCheck(IPEndPoint address, SocketAddress socketAddress, DateTimeOffset now, bool nominate)
    {
        int i = IndexOf(address);
        bool added = i < 0;
        if (added)
        {
            _addresses.Add(new ConsentedAddress(address, socketAddress, now));
        }
        else
        {
            _addresses[i].Refresh(now);
        }

        if (nominate)
        {
            _nominated = address;
        }

        return added;
    }

    internal void ForgetAddress(IPEndPoint address)
    {
        int i = IndexOf(address);
        if (i >= 0)
        {
            _addresses[i].Forget();
            _addresses.RemoveAt(i);
        }

        if (address.Equals(_nominated))
        {
            _nominated = null;
        }
    }

    internal IEnumerable<SocketAddress> SocketAddresses => _addresses.Select(a => a.SocketAddress);

    internal IEnumerable<IPEndPoint> ExpiredAddresses(DateTimeOffset now, TimeSpan timeout) =>
        _addresses.Where(a => now - a.LastConsent >= timeout).Select(a => a.EndPoint);

    private int IndexOf(IPEndPoint address)
    {
        for (int i = 0; i < _addresses.Count; i++)
        {
            if (_addresses[i].EndPoint.Equals(address))
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>
/// One address that passed an authenticated check: immutable identity, and the time of its last check published
/// with a volatile write, so a sender holding it reads consent without a lock (pion's atomic selected pair).
/// </summary>
public sealed class ConsentedAddress
{
    private long _lastConsentTicks;
    private volatile bool _forgotten;

    internal ConsentedAddress(IPEndPoint endPoint, SocketAddress socketAddress, DateTimeOffset now)
    {
        EndPoint = endPoint;
        SocketAddress = socketAddress;
        _lastConsentTicks = now.UtcTicks;
    }

    public IPEndPoint EndPoint { get; }

    internal SocketAddress SocketAddress { get; }

    public DateTimeOffset LastConsent => new(Volatile.Read(ref _lastConsentTicks), TimeSpan.Zero);

    /// <summary>False once forgotten (consent expired, the address moved to another session) or too old.</summary>
    public bool HasConsent(DateTimeOffset now, TimeSpan timeout) =>
        !_forgotten && now.UtcTicks - Volatile.Read(ref _lastConsentTicks) < timeout.Ticks;

    internal void Refresh(DateTimeOffset now) => Volatile.Write(ref _lastConsentTicks, now.UtcTicks);

    internal void Forget() => _forgotten = true;
}

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
    private readonly List<ValidatedAddress> _addresses = new(2);
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

    internal bool IsRemoved { get; set; }

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
            _addresses.Add(new ValidatedAddress(address, socketAddress, now));
        }
        else
        {
            _addresses[i] = _addresses[i] with { LastConsent = now };
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

    private readonly record struct ValidatedAddress(IPEndPoint EndPoint, SocketAddress SocketAddress, DateTimeOffset LastConsent);
}

using System.Diagnostics.CodeAnalysis;
using System.Net;
using Conference.Media.Stun;

namespace Conference.Media.Ice;

/// <summary>
/// Server-side ICE-lite (RFC 8445 §2.5) for one UDP socket shared by many sessions.
/// Binding requests are routed by the local-ufrag half of USERNAME and answered only when
/// MESSAGE-INTEGRITY verifies; the source address is then bound to the session so later
/// non-STUN datagrams (DTLS, SRTP) are routed by address. No I/O here: the caller passes
/// each datagram in and sends what is written to the response buffer.
/// Thread-safe; a single lock guards the maps (uncontended in the one-loop-per-socket case).
/// </summary>
public sealed class IceLiteAgent
{
    /// <summary>RFC 7675 §5.1: consent is lost 30 seconds after the last authenticated check.</summary>
    public static readonly TimeSpan DefaultConsentTimeout = TimeSpan.FromSeconds(30);

    private readonly Dictionary<string, IceLiteSession> _byUfrag = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IceLiteSession>.AlternateLookup<ReadOnlySpan<char>> _byUfragSpan;
    private readonly Dictionary<SocketAddress, IceLiteSession> _byAddress = new();
    private long _answered, _roleConflicts, _unknownAttributes, _malformed, _unknownUsername, _badIntegrity, _notRequest;

    public IceLiteAgent(TimeProvider? timeProvider = null, TimeSpan? consentTimeout = null)
    {
        TimeProvider = timeProvider ?? TimeProvider.System;
        ConsentTimeout = consentTimeout ?? DefaultConsentTimeout;
        _byUfragSpan = _byUfrag.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public TimeProvider TimeProvider { get; }

    public TimeSpan ConsentTimeout { get; }

    internal object SyncRoot { get; } = new();

    public IceLiteCounters Counters
    {
        get
        {
            lock (SyncRoot)
            {
                return new IceLiteCounters(_answered, _roleConflicts, _unknownAttributes, _malformed, _unknownUsername, _badIntegrity, _notRequest);
            }
        }
    }

    /// <summary>Registers a session; its local ufrag must be unique on this socket.</summary>
    public IceLiteSession AddSession(IceCredentials local, IceCredentials? remote = null)
    {
        var session = new IceLiteSession(this, local, remote);
        lock (SyncRoot)
        {
            if (!_byUfrag.TryAdd(local.Ufrag, session))
            {
                throw new InvalidOperationException($"ICE ufrag '{local.Ufrag}' is already registered on this socket.");
            }
        }

        return session;
    }

    public bool RemoveSession(IceLiteSession session)
    {
        lock (SyncRoot)
        {
            if (!_byUfrag.Remove(session.Local.Ufrag))
            {
                return false;
            }

            foreach (SocketAddress address in session.SocketAddresses)
            {
                _byAddress.Remove(address);
            }

            session.IsRemoved = true;
            return true;
        }
    }

    /// <summary>Routes a non-STUN datagram to the session that validated its source address.</summary>
    public bool TryGetSession(IPEndPoint remote, [NotNullWhen(true)] out IceLiteSession? session) =>
        TryGetSession(remote.Serialize(), out session);

    /// <summary>Allocation-free routing for receive loops that use <c>Socket.ReceiveFrom(..., SocketAddress)</c>.</summary>
    public bool TryGetSession(SocketAddress remote, [NotNullWhen(true)] out IceLiteSession? session)
    {
        lock (SyncRoot)
        {
            return _byAddress.TryGetValue(remote, out session);
        }
    }

    /// <summary>
    /// Handles one datagram. Whenever <paramref name="responseLength"/> is non-zero (success,
    /// 487 or 420), send <c>response[..responseLength]</c> back to <paramref name="remote"/>.
    /// <paramref name="response"/> needs 128 bytes.
    /// </summary>
    public IceLiteResult ProcessPacket(ReadOnlySpan<byte> packet, IPEndPoint remote, Span<byte> response, out int responseLength, out IceLiteSession? session)
    {
        responseLength = 0;
        session = null;
        if (!StunMessage.IsStun(packet))
        {
            return IceLiteResult.NotStun;
        }

        lock (SyncRoot)
        {
            IceLiteResult result = Handle(packet, remote, response, ref responseLength, ref session);
            Count(result);
            return result;
        }
    }

    /// <summary>Drops address bindings whose consent expired, so a recycled NAT port cannot inherit them.</summary>
    public int RemoveExpiredAddresses()
    {
        DateTimeOffset now = TimeProvider.GetUtcNow();
        int removed = 0;
        lock (SyncRoot)
        {
            foreach (IceLiteSession session in _byUfrag.Values)
            {
                foreach (IPEndPoint address in session.ExpiredAddresses(now, ConsentTimeout).ToArray())
                {
                    SocketAddress key = address.Serialize();
                    if (_byAddress.TryGetValue(key, out IceLiteSession? owner) && owner == session)
                    {
                        _byAddress.Remove(key);
                    }

                    session.ForgetAddress(address);
                    removed++;
                }
            }
        }

        return removed;
    }

    private IceLiteResult Handle(ReadOnlySpan<byte> packet, IPEndPoint remote, Span<byte> response, ref int responseLength, ref IceLiteSession? session)
    {
        if (!StunMessage.TryParse(packet, out StunMessageView message) || (message.HasFingerprint && !message.VerifyFingerprint()))
        {
            return IceLiteResult.IgnoredMalformed;
        }

        if (message.Class != StunClass.Request || message.Method != StunMethod.Binding)
        {
            return IceLiteResult.IgnoredNotRequest;
        }

        if (!message.TryGetUsername(out ReadOnlySpan<byte> username) || !message.HasMessageIntegrity
            || !BindingResponse.TrySplitUsername(username, out ReadOnlySpan<byte> localUfrag, out ReadOnlySpan<byte> remoteUfrag))
        {
            return IceLiteResult.IgnoredMalformed;
        }

        if (!TryFindByUfrag(localUfrag, out IceLiteSession? found)
            || (found.Remote is not null && !BindingResponse.AsciiEquals(remoteUfrag, found.Remote.Ufrag)))
        {
            return IceLiteResult.IgnoredUnknownUsername;
        }

        // RFC 8445 §7.3: no answer without integrity, so forged checks get no reflection.
        if (!message.VerifyMessageIntegrity(found.LocalKey))
        {
            return IceLiteResult.IgnoredBadIntegrity;
        }

        session = found;
        Span<ushort> unknown = stackalloc ushort[8];
        int unknownCount = BindingResponse.FindUnknownComprehensionRequired(message, unknown);
        if (unknownCount > 0)
        {
            responseLength = BindingResponse.WriteUnknownAttributes(response, message.TransactionId, unknown.Slice(0, unknownCount), found.LocalKey);
            return IceLiteResult.UnknownAttributes;
        }

        if (message.HasAttribute(StunAttributeType.IceControlled))
        {
            // RFC 8445 §7.3.1.1: both sides controlled; a lite agent cannot switch, so it
            // always answers 487 and the full agent takes the controlling role.
            responseLength = BindingResponse.WriteRoleConflict(response, message.TransactionId, found.LocalKey);
            return IceLiteResult.RoleConflict;
        }

        SocketAddress socketAddress = remote.Serialize();
        if (found.RecordCheck(remote, socketAddress, TimeProvider.GetUtcNow(), message.HasUseCandidate))
        {
            if (_byAddress.TryGetValue(socketAddress, out IceLiteSession? previous) && previous != found)
            {
                previous.ForgetAddress(remote); // the address moved to another session (port reuse)
            }

            _byAddress[socketAddress] = found;
        }

        responseLength = BindingResponse.WriteSuccess(response, message.TransactionId, remote, found.LocalKey);
        return IceLiteResult.BindingSucceeded;
    }

    private bool TryFindByUfrag(ReadOnlySpan<byte> ufrag, [NotNullWhen(true)] out IceLiteSession? session)
    {
        session = null;
        if (ufrag.Length > 256)
        {
            return false;
        }

        Span<char> chars = stackalloc char[ufrag.Length];
        for (int i = 0; i < ufrag.Length; i++)
        {
            if (ufrag[i] > 0x7F)
            {
                return false; // ice-chars are ASCII (RFC 8445 §5.3)
            }

            chars[i] = (char)ufrag[i];
        }

        return _byUfragSpan.TryGetValue(chars, out session);
    }

    private void Count(IceLiteResult result)
    {
        switch (result)
        {
            case IceLiteResult.BindingSucceeded: _answered++; break;
            case IceLiteResult.RoleConflict: _roleConflicts++; break;
            case IceLiteResult.UnknownAttributes: _unknownAttributes++; break;
            case IceLiteResult.IgnoredMalformed: _malformed++; break;
            case IceLiteResult.IgnoredUnknownUsername: _unknownUsername++; break;
            case IceLiteResult.IgnoredBadIntegrity: _badIntegrity++; break;
            case IceLiteResult.IgnoredNotRequest: _notRequest++; break;
        }
    }
}

using System.Net;
using System.Security.Cryptography;
using Conference.Media.Stun;

namespace Conference.Media.Ice;

/// <summary>
/// Full ICE (RFC 8445) in the controlling role for one component over one local UDP socket,
/// as our load-test clients need against the ICE-lite server: paced, retransmitted Binding
/// checks to the remote host candidates, nomination, then RFC 7675 consent checks on the
/// selected pair. It also answers the peer's checks. I/O goes through <see cref="IceSend"/>
/// and <see cref="OnPacket"/>; time through <see cref="TimeProvider"/> (timers included).
/// </summary>
public sealed partial class IceClientAgent : IDisposable
{
    private readonly IceCredentials _local;
    private readonly IceCredentials _remote;
    private readonly byte[] _localKey;
    private readonly byte[] _remoteKey;
    private readonly IceSend _send;
    private readonly TimeProvider _time;
    private readonly IceClientOptions _options;
    private readonly List<IceCandidatePair> _pairs = new();
    private readonly Dictionary<TransactionKey, StunTransaction> _transactions = new();
    private readonly Lock _sync = new();
    private readonly byte[] _responseBuffer = new byte[256];
    private ITimer? _timer;
    private DateTimeOffset _nextConsentCheck;
    private IceClientState _state;

    public IceClientAgent(IceCredentials local, IceCredentials remote, IceSend send, TimeProvider? timeProvider = null, IceClientOptions? options = null)
    {
        _local = local;
        _remote = remote;
        _localKey = StunCredentials.ShortTermKey(local.Password);
        _remoteKey = StunCredentials.ShortTermKey(remote.Password);
        _send = send;
        _time = timeProvider ?? TimeProvider.System;
        _options = options ?? new IceClientOptions();
        TieBreaker = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));
        Role = _options.InitialRole;
    }

    /// <summary>Raised (under the agent's lock) when <see cref="State"/> changes.</summary>
    public event Action<IceClientState>? StateChanged;

    public IceRole Role { get; private set; } = IceRole.Controlling;

    /// <summary>RFC 8445 §16.1 tie-breaker sent in ICE-CONTROLLING/ICE-CONTROLLED.</summary>
    public ulong TieBreaker { get; init; }

    public IceClientState State
    {
        get { lock (_sync) { return _state; } }
    }

    public IceCandidatePair? SelectedPair { get; private set; }

    public IPEndPoint? SelectedAddress => SelectedPair?.Remote;

    public IReadOnlyList<IceCandidatePair> Pairs
    {
        get { lock (_sync) { return _pairs.ToArray(); } }
    }

    /// <summary>True while the selected pair has consent (RFC 7675 §5.1).</summary>
    public bool CanSend
    {
        get
        {
            lock (_sync)
            {
                return _state == IceClientState.Connected && SelectedPair?.LastResponse is { } last
                    && _time.GetUtcNow() - last < _options.ConsentTimeout;
            }
        }
    }

    public void AddRemoteCandidate(IPEndPoint address, uint priority)
    {
        lock (_sync)
        {
            AddPair(address, priority);
        }
    }

    /// <summary>Sends the first check now and starts the Ta timer that drives the rest.</summary>
    public void Start()
    {
        lock (_sync)
        {
            if (_state != IceClientState.New)
            {
                return;
            }

            SetState(IceClientState.Checking);
            _timer = _time.CreateTimer(static self => ((IceClientAgent)self!).Tick(), this, _options.Pacing, _options.Pacing);
            SendNextWaitingCheck(_time.GetUtcNow());
        }
    }

    /// <summary>Feeds a received datagram; returns false when it is not STUN (the caller's media).</summary>
    public bool OnPacket(ReadOnlySpan<byte> packet, IPEndPoint remote)
    {
        if (!StunMessage.IsStun(packet))
        {
            return false;
        }

        if (!StunMessage.TryParse(packet, out StunMessageView message) || (message.HasFingerprint && !message.VerifyFingerprint())
            || message.Method != StunMethod.Binding)
        {
            return true;
        }

        lock (_sync)
        {
            DateTimeOffset now = _time.GetUtcNow();
            switch (message.Class)
            {
                case StunClass.SuccessResponse or StunClass.ErrorResponse:
                    OnResponse(message, remote, now);
                    break;
                case StunClass.Request:
                    OnRequest(message, remote, now);
                    break;
            }
        }

        return true;
    }

    public void Dispose()
    {
        lock (_sync)
        {
            _timer?.Dispose();
            _timer = null;
        }
    }

    private void OnResponse(StunMessageView message, IPEndPoint remote, DateTimeOffset now)
    {
        TransactionKey key = TransactionKey.From(message.TransactionId);
        // RFC 8445 §7.2.5.1-2: authenticated with the peer's password, and from the address
        // we sent to (non-symmetric responses fail the pair), else discard silently.
        if (!_transactions.TryGetValue(key, out StunTransaction? transaction) || !message.VerifyMessageIntegrity(_remoteKey))
        {
            return;
        }

        _transactions.Remove(key);
        IceCandidatePair pair = transaction.Pair;
        if (!pair.Remote.Equals(remote))
        {
            pair.State = IceCandidatePairState.Failed;
            return;
        }

        if (message.Class == StunClass.ErrorResponse)
        {
            if (message.TryGetErrorCode(out int code, out _) && code == 487 && !transaction.IsConsent)
            {
                // RFC 8445 §7.2.5.1: take the role opposite to the one the request claimed
                // (a request from the peer may already have switched us) and repeat the check.
                Role = transaction.SentRole == IceRole.Controlling ? IceRole.Controlled : IceRole.Controlling;
                SendCheck(pair, Role == IceRole.Controlling && (transaction.UseCandidate || _options.Nomination == IceNomination.Aggressive), isConsent: false, now);
            }
            else if (!transaction.IsConsent)
            {
                pair.State = IceCandidatePairState.Failed;
            }

            return;
        }

        pair.LastResponse = now;
        if (transaction.IsConsent)
        {
            return;
        }

        pair.State = IceCandidatePairState.Succeeded;
        if (transaction.UseCandidate)
        {
            pair.Nominated = true;
            Select(pair, now);
        }
        else if (pair.Nominated)
        {
            Select(pair, now); // controlled role: the peer nominated it first (RFC 8445 §7.3.1.5)
        }
    }

    private void Select(IceCandidatePair pair, DateTimeOffset now)
    {
        if (SelectedPair is null || pair.RemotePriority > SelectedPair.RemotePriority || SelectedPair.State != IceCandidatePairState.Succeeded)
        {
            SelectedPair = pair;
        }

        if (_state != IceClientState.Connected)
        {
            _nextConsentCheck = now + NextConsentInterval();
            SetState(IceClientState.Connected);
        }
    }

    private void SendCheck(IceCandidatePair pair, bool useCandidate, bool isConsent, DateTimeOffset now)
    {
        byte[] transactionId = RandomNumberGenerator.GetBytes(StunMessage.TransactionIdLength);
        byte[] request = ConnectivityCheck.Build(transactionId, _remote.Ufrag, _local.Ufrag, Role, TieBreaker, useCandidate, _remoteKey);
        var transaction = new StunTransaction(TransactionKey.From(transactionId), pair, request, useCandidate, isConsent, Role);
        _transactions[transaction.Key] = transaction;
        if (!isConsent && pair.State != IceCandidatePairState.Succeeded)
        {
            pair.State = IceCandidatePairState.InProgress;
        }

        transaction.RecordTransmission(now, _options);
        _send(transaction.Request, pair.Remote);
    }

    private IceCandidatePair AddPair(IPEndPoint address, uint priority)
    {
        IceCandidatePair pair = FindPair(address) ?? new IceCandidatePair(address, priority);
        if (!_pairs.Contains(pair))
        {
            _pairs.Add(pair);
        }

        return pair;
    }

    private IceCandidatePair? FindPair(IPEndPoint address) => _pairs.Find(p => p.Remote.Equals(address));

    private TimeSpan NextConsentInterval() => _options.ConsentInterval * (0.8 + 0.4 * Random.Shared.NextDouble());

    private void SetState(IceClientState state)
    {
        if (_state != state)
        {
            _state = state;
            StateChanged?.Invoke(state);
        }
    }
}

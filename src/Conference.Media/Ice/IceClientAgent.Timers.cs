namespace Conference.Media.Ice;

/// <summary>Work driven by the Ta timer: retransmissions, pacing, nomination, consent.</summary>
public sealed partial class IceClientAgent
{
    /// <summary>Timer work: retransmissions, pacing, nomination, consent (also callable by tests).</summary>
    internal void Tick()
    {
        lock (_sync)
        {
            DateTimeOffset now = _time.GetUtcNow();
            RetransmitOrExpire(now);
            if (_state == IceClientState.Checking)
            {
                SendNextWaitingCheck(now);
                NominateIfReady(now);
                if (_pairs.Count > 0 && _pairs.TrueForAll(p => p.State == IceCandidatePairState.Failed))
                {
                    SetState(IceClientState.Failed);
                }
            }
            else if (_state == IceClientState.Connected)
            {
                KeepConsent(now);
            }
        }
    }

    /// <summary>Regular nomination: once no better pair can still succeed, re-check the best valid one with USE-CANDIDATE.</summary>
    private void NominateIfReady(DateTimeOffset now)
    {
        if (Role != IceRole.Controlling || _options.Nomination != IceNomination.Regular || _pairs.Exists(p => p.NominationInFlight || p.Nominated))
        {
            return;
        }

        IceCandidatePair? best = null;
        foreach (IceCandidatePair pair in _pairs)
        {
            if (pair.State == IceCandidatePairState.Succeeded && (best is null || pair.RemotePriority > best.RemotePriority))
            {
                best = pair;
            }
        }

        if (best is null || _pairs.Exists(p => (p.State is IceCandidatePairState.Waiting or IceCandidatePairState.InProgress) && p.RemotePriority > best.RemotePriority))
        {
            return; // nothing valid yet, or a better pair is still being checked
        }

        best.NominationInFlight = true;
        SendCheck(best, useCandidate: true, isConsent: false, now);
    }

    /// <summary>RFC 7675 §5.1: a fresh check every ~5 s; consent is lost 30 s after the last answer.</summary>
    private void KeepConsent(DateTimeOffset now)
    {
        IceCandidatePair? selected = SelectedPair;
        if (selected is null)
        {
            return;
        }

        if (selected.LastResponse is not { } last || now - last >= _options.ConsentTimeout)
        {
            SetState(IceClientState.ConsentLost);
            _timer?.Dispose();
            _timer = null;
            return;
        }

        if (now >= _nextConsentCheck)
        {
            _nextConsentCheck = now + NextConsentInterval();
            SendCheck(selected, useCandidate: false, isConsent: true, now);
        }
    }

    private void RetransmitOrExpire(DateTimeOffset now)
    {
        List<StunTransaction>? expired = null;
        foreach (StunTransaction transaction in _transactions.Values)
        {
            if (now < transaction.Deadline)
            {
                continue;
            }

            if (transaction.IsLastWait)
            {
                (expired ??= new()).Add(transaction);
            }
            else
            {
                transaction.RecordTransmission(now, _options);
                _send(transaction.Request, transaction.Pair.Remote);
            }
        }

        foreach (StunTransaction transaction in expired ?? [])
        {
            _transactions.Remove(transaction.Key);
            if (!transaction.IsConsent)
            {
                transaction.Pair.State = IceCandidatePairState.Failed;
                transaction.Pair.NominationInFlight = false;
            }
        }
    }

    private void SendNextWaitingCheck(DateTimeOffset now)
    {
        IceCandidatePair? next = null;
        foreach (IceCandidatePair pair in _pairs)
        {
            if (pair.State == IceCandidatePairState.Waiting && (next is null || pair.RemotePriority > next.RemotePriority))
            {
                next = pair;
            }
        }

        if (next is not null)
        {
            SendCheck(next, useCandidate: Role == IceRole.Controlling && _options.Nomination == IceNomination.Aggressive, isConsent: false, now);
        }
    }
}

using System.Net;
using Conference.Media.Stun;

namespace Conference.Media.Ice;

/// <summary>The client agent's side of checks the peer sends us (RFC 8445 §7.3).</summary>
public sealed partial class IceClientAgent
{
    private void OnRequest(StunMessageView message, IPEndPoint remote, DateTimeOffset now)
    {
        if (!message.TryGetUsername(out ReadOnlySpan<byte> username)
            || !BindingResponse.TrySplitUsername(username, out ReadOnlySpan<byte> recipient, out ReadOnlySpan<byte> sender)
            || !BindingResponse.AsciiEquals(recipient, _local.Ufrag) || !BindingResponse.AsciiEquals(sender, _remote.Ufrag)
            || !message.VerifyMessageIntegrity(_localKey))
        {
            return; // RFC 8445 §7.3: never answer unauthenticated checks
        }

        if (IsRoleConflictAnsweredWithError(message))
        {
            int length = BindingResponse.WriteRoleConflict(_responseBuffer, message.TransactionId, _localKey);
            _send(_responseBuffer.AsSpan(0, length), remote);
            return;
        }

        int written = BindingResponse.WriteSuccess(_responseBuffer, message.TransactionId, remote, _localKey);
        _send(_responseBuffer.AsSpan(0, written), remote);

        // RFC 8445 §7.3.1.3-4: a check from an unknown address is a peer-reflexive candidate;
        // either way a triggered check follows unless the pair already works.
        IceCandidatePair pair = FindPair(remote) ?? AddPair(remote, message.TryGetPriority(out uint priority) ? priority : 0);
        if (Role == IceRole.Controlled && message.HasUseCandidate)
        {
            pair.Nominated = true;
            if (pair.State == IceCandidatePairState.Succeeded)
            {
                Select(pair, now);
            }
        }

        if (pair.State is IceCandidatePairState.Waiting or IceCandidatePairState.Failed && _state is IceClientState.Checking or IceClientState.Connected)
        {
            SendCheck(pair, useCandidate: Role == IceRole.Controlling && _options.Nomination == IceNomination.Aggressive, isConsent: false, now);
        }
    }

    /// <summary>RFC 8445 §7.3.1.1 role conflict; returns true when we keep our role and answer 487.</summary>
    private bool IsRoleConflictAnsweredWithError(StunMessageView message)
    {
        if (Role == IceRole.Controlling && message.TryGetIceControlling(out ulong theirs))
        {
            if (TieBreaker >= theirs)
            {
                return true;
            }

            Role = IceRole.Controlled;
        }
        else if (Role == IceRole.Controlled && message.TryGetIceControlled(out ulong theirsControlled))
        {
            if (TieBreaker < theirsControlled)
            {
                return true;
            }

            Role = IceRole.Controlling;
        }

        return false;
    }
}

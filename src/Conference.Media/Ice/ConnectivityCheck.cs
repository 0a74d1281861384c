using Conference.Media.Stun;

namespace Conference.Media.Ice;

/// <summary>Builds a Binding request as a connectivity or consent check (RFC 8445 §7.2.2, RFC 7675 §5.1).</summary>
internal static class ConnectivityCheck
{
    /// <summary>
    /// USERNAME "remote:local", PRIORITY of a would-be peer-reflexive candidate, the role
    /// attribute with our tie-breaker, USE-CANDIDATE when nominating, MESSAGE-INTEGRITY keyed
    /// with the remote password, FINGERPRINT.
    /// </summary>
    public static byte[] Build(ReadOnlySpan<byte> transactionId, string remoteUfrag, string localUfrag, IceRole role, ulong tieBreaker, bool useCandidate, ReadOnlySpan<byte> remoteKey)
    {
        Span<byte> buffer = stackalloc byte[512];
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.Request, transactionId);
        writer.AddUsername($"{remoteUfrag}:{localUfrag}");
        writer.AddPriority(IceCandidatePriority.Compute(IceCandidatePriority.PeerReflexiveTypePreference));
        if (role == IceRole.Controlling)
        {
            writer.AddIceControlling(tieBreaker);
        }
        else
        {
            writer.AddIceControlled(tieBreaker);
        }

        if (useCandidate)
        {
            writer.AddUseCandidate();
        }

        writer.AddMessageIntegrity(remoteKey);
        writer.AddFingerprint();
        return buffer.Slice(0, writer.Length).ToArray();
    }
}

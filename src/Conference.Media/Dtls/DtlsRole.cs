namespace Conference.Media.Dtls;

/// <summary>Which side of the DTLS handshake this endpoint plays.</summary>
public enum DtlsRole
{
    Client,
    Server,
}

/// <summary>Maps the SDP <c>a=setup</c> attribute (RFC 4145 §4, RFC 5763 §5) to a DTLS role.</summary>
public static class DtlsSetup
{
    /// <summary>
    /// The role for a negotiated local setup value: "active" connects (client), "passive" accepts (server).
    /// "actpass" is only valid in an offer; the answer decides, so it cannot yield a role.
    /// </summary>
    public static bool TryGetRole(ReadOnlySpan<char> localSetup, out DtlsRole role)
    {
        role = DtlsRole.Server;
        if (localSetup.Equals("active", StringComparison.OrdinalIgnoreCase)) { role = DtlsRole.Client; return true; }
        if (localSetup.Equals("passive", StringComparison.OrdinalIgnoreCase)) { role = DtlsRole.Server; return true; }
        return false;
    }

    /// <summary>
    /// The setup value we put in an answer to an offer carrying <paramref name="remoteSetup"/>.
    /// RFC 8842 §5.3: answering "actpass" we choose "active", so the answerer starts the handshake
    /// as soon as ICE connects instead of waiting a round trip.
    /// </summary>
    public static string AnswerFor(ReadOnlySpan<char> remoteSetup) =>
        remoteSetup.Equals("active", StringComparison.OrdinalIgnoreCase) ? "passive" : "active";
}

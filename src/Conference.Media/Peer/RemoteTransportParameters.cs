using System.Diagnostics.CodeAnalysis;
using Conference.Media.Dtls;
using Conference.Media.Ice;
using Conference.Media.Sdp;

namespace Conference.Media.Peer;

/// <summary>
/// The remote side's ICE credentials, certificate fingerprint and DTLS setup, read from the section that
/// carries the BUNDLE transport (RFC 8843 §7.1: the first mid of the group), with session-level fallbacks.
/// </summary>
internal sealed record RemoteTransportParameters(IceCredentials Ice, DtlsFingerprint Fingerprint, SetupRole Setup)
{
    // Strongest first among those both BouncyCastle and browsers use; sha-1 only as a last resort (RFC 8122 §5).
    private static readonly string[] s_preference =
        [DtlsFingerprint.Sha256, DtlsFingerprint.Sha384, DtlsFingerprint.Sha512, DtlsFingerprint.Sha1];

    public static bool TryRead(SessionDescription sdp, SetupRole missingSetup,
        out RemoteTransportParameters? parameters, out string error)
    {
        parameters = null;
        MediaDescription? tagged = TransportSection(sdp);
        if (tagged is null)
        {
            error = "the SDP has no usable m= section";
            return false;
        }

        string? ufrag = tagged.IceUfrag ?? sdp.IceUfrag;
        string? pwd = tagged.IcePwd ?? sdp.IcePwd;
        if (string.IsNullOrEmpty(ufrag) || string.IsNullOrEmpty(pwd))
        {
            error = "the SDP has no a=ice-ufrag / a=ice-pwd (RFC 8839 §5.4)";
            return false;
        }

        DtlsFingerprint? fingerprint = PickFingerprint(tagged.Fingerprints.Count > 0 ? tagged.Fingerprints : sdp.Fingerprints);
        if (fingerprint is null)
        {
            error = "the SDP has no usable a=fingerprint (RFC 8122 §5; sha-256/384/512 or sha-1 expected)";
            return false;
        }

        SetupRole setup = tagged.Setup ?? sdp.Setup ?? missingSetup;
        if (setup == SetupRole.HoldConn)
        {
            error = "a=setup:holdconn is not supported (RFC 4145 §4: no connection would be opened)";
            return false;
        }

        parameters = new RemoteTransportParameters(new IceCredentials(ufrag, pwd), fingerprint, setup);
        error = "";
        return true;
    }

    /// <summary>
    /// Parses an answer to an offer of <paramref name="offeredSections"/> sections and reads its transport: same
    /// section count (RFC 3264 §6), a=setup active or passive (absent means active, RFC 4145 §4; never actpass, RFC 5763 §5).
    /// </summary>
    public static bool TryReadAnswer(string answerSdp, int offeredSections, [NotNullWhen(true)] out SessionDescription? answer,
        [NotNullWhen(true)] out RemoteTransportParameters? parameters, [NotNullWhen(false)] out string? error)
    {
        parameters = null;
        if (!SessionDescription.TryParse(answerSdp, out answer, out string parseError))
        {
            error = $"not a valid SDP answer: {parseError}";
            return false;
        }
        if (answer.Media.Count != offeredSections)
        {
            error = $"the answer has {answer.Media.Count} m= sections, the offer {offeredSections} (RFC 3264 §6)";
            return false;
        }
        if (!TryRead(answer, SetupRole.Active, out parameters, out error)) return false;
        if (parameters!.Setup == SetupRole.ActPass)
        {
            error = "a=setup:actpass is not allowed in an answer (RFC 5763 §5)";
            return false;
        }
        return true;
    }

    /// <summary>The BUNDLE-tagged section, or the first section not rejected when there is no BUNDLE group.</summary>
    public static MediaDescription? TransportSection(SessionDescription sdp)
    {
        SdpGroup? bundle = sdp.BundleGroup;
        if (bundle is not null)
        {
            foreach (string mid in bundle.Mids)
            {
                MediaDescription? media = sdp.FindMedia(mid);
                if (media is not null && !media.IsRejected) return media;
            }
        }
        return sdp.Media.Find(m => !m.IsRejected);
    }

    private static DtlsFingerprint? PickFingerprint(List<Fingerprint> fingerprints)
    {
        foreach (string algorithm in s_preference)
        {
            foreach (Fingerprint fingerprint in fingerprints)
            {
                if (fingerprint.Algorithm.Equals(algorithm, StringComparison.OrdinalIgnoreCase)
                    && DtlsFingerprint.TryParse(fingerprint.ToString(), out DtlsFingerprint? parsed))
                {
                    return parsed;
                }
            }
        }
        return null;
    }
}

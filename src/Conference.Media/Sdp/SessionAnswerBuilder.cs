namespace Conference.Media.Sdp;

/// <summary>Our transport parameters and capabilities for answering a whole offer.</summary>
public sealed class SessionAnswerOptions
{
    public required string IceUfrag { get; init; }
    public required string IcePwd { get; init; }
    public required Fingerprint Fingerprint { get; init; }

    /// <summary>JSEP RFC 8829 §5.3.1: the answerer picks active or passive, never actpass. A server is the DTLS server.</summary>
    public SetupRole Setup { get; init; } = SetupRole.Passive;
    public bool IceLite { get; init; }
    public string SessionId { get; init; } = "0";
    public string SessionVersion { get; init; } = "1";

    /// <summary>Capabilities per offered section (by kind, mid…); null rejects that section.</summary>
    public required Func<MediaDescription, LocalMediaCapabilities?> CapabilitiesFor { get; init; }

    /// <summary>Our candidates; written once, in the first accepted (BUNDLE-tagged) section (RFC 8843 §7.3.1).</summary>
    public List<IceCandidate> Candidates { get; init; } = [];
}

/// <summary>Answers a unified-plan offer section by section with <see cref="MediaAnswerBuilder"/>, bundling what was accepted.</summary>
public static class SessionAnswerBuilder
{
    public static SessionDescription CreateAnswer(SessionDescription offer, SessionAnswerOptions options)
    {
        var answer = new SessionDescription
        {
            Origin = new SdpOrigin("-", options.SessionId, options.SessionVersion, "IN", "IP4", "127.0.0.1"),
            IceLite = options.IceLite,
            ExtMapAllowMixed = offer.ExtMapAllowMixed,
            MsidSemantic = new MsidSemantic("WMS", []),
        };

        var bundled = new List<string>();
        bool candidatesWritten = false;
        var offeredBundle = offer.BundleGroup;
        foreach (var offered in offer.Media)
        {
            var local = options.CapabilitiesFor(offered);
            var media = local is null ? Rejected(offered) : MediaAnswerBuilder.CreateAnswer(offered, local);
            if (!media.IsRejected)
            {
                media.IceUfrag = options.IceUfrag;
                media.IcePwd = options.IcePwd;
                media.Fingerprints.Add(options.Fingerprint);
                media.Setup = options.Setup;
                if (!candidatesWritten)
                {
                    media.Candidates.AddRange(options.Candidates);
                    // An ICE-lite agent knows all its candidates up front (RFC 8838 §4.1 end-of-candidates).
                    media.EndOfCandidates = options.IceLite;
                    candidatesWritten = true;
                }
                if (media.Mid is not null && offeredBundle?.Mids.Contains(media.Mid) == true) bundled.Add(media.Mid);
            }
            answer.Media.Add(media);
        }
        if (bundled.Count > 0) answer.Groups.Add(new SdpGroup(SdpGroup.Bundle, bundled));
        return answer;
    }

    private static MediaDescription Rejected(MediaDescription offered)
    {
        var media = new MediaDescription
        {
            Kind = offered.Kind, Port = 0, Protocol = offered.Protocol, Mid = offered.Mid,
            Connection = SdpConnection.Placeholder, Direction = MediaDirection.Inactive,
        };
        media.Formats.AddRange(offered.Formats.Take(1));
        return media;
    }
}

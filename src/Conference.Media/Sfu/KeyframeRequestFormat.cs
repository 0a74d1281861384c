namespace Conference.Media.Sfu;

/// <summary>How the publisher accepts keyframe requests, from its rtcp-fb lines (RFC 4585 §4.2, RFC 5104 §7.1).</summary>
public enum KeyframeRequestFormat
{
    /// <summary>"nack pli": Picture Loss Indication, what browsers prefer.</summary>
    Pli,

    /// <summary>"ccm fir" only: Full Intra Request with a command sequence number.</summary>
    Fir,
}

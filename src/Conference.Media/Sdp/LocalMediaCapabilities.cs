namespace Conference.Media.Sdp;

/// <summary>What our side can do for one kind of media, used to answer a remote offer.</summary>
public sealed class LocalMediaCapabilities
{
    /// <summary>Our codecs in preference order. Their payload types are ignored: answers reuse the offerer's.
    /// Include an "rtx" entry to accept RTX and a "red"/"ulpfec" entry to accept those.</summary>
    public List<RtpCodec> Codecs { get; } = [];

    /// <summary>Header extension URIs we understand; matched by URI, never by id.</summary>
    public List<string> HeaderExtensionUris { get; } = [];

    /// <summary>What we want to do with the media; the answer never exceeds what the offer allows.</summary>
    public MediaDirection Direction { get; set; } = MediaDirection.SendRecv;

    /// <summary>Accept rid-based simulcast (RFC 8853) from the offerer.</summary>
    public bool AcceptSimulcast { get; set; }

    /// <summary>For m=application: our SCTP port (RFC 8841 §5) and the largest message we accept (§6).</summary>
    public int SctpPort { get; set; } = 5000;
    public ulong MaxMessageSize { get; set; } = 262144;
}

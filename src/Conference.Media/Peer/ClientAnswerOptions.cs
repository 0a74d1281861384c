namespace Conference.Media.Peer;

/// <summary>What <see cref="WebRtcClientPeer.TryAcceptOffer"/> accepts in a remote offer.</summary>
public sealed class ClientAnswerOptions
{
    /// <summary>Answer an offered SCTP data-channel section (only in the first offer: SCTP is set up with the transport).</summary>
    public bool AcceptDataChannels { get; set; } = true;

    /// <summary>Accept audio sections (Opus, RED).</summary>
    public bool AcceptAudio { get; set; } = true;

    /// <summary>Accept video sections (VP8, VP9, H264, AV1, RTX).</summary>
    public bool AcceptVideo { get; set; } = true;
}

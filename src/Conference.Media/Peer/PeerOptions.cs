using Conference.Media.Dtls;

namespace Conference.Media.Peer;

public sealed class PeerOptions
{
    /// <summary>Our DTLS role when the offer says actpass: Client → a=setup:active, Server → a=setup:passive;
    /// null → active (RFC 8842 §5.3). An offer that fixes its own role (active/passive) must not contradict it.</summary>
    public DtlsRole? Role { get; set; }

    public bool AcceptDataChannels { get; set; } = true;

    /// <summary>Our a=max-message-size (RFC 8841 §6): the largest data-channel message we accept.</summary>
    public int MaxMessageSize { get; set; } = 262144;

    /// <summary>Accept rid simulcast (RFC 8853) on video sections that offer it.</summary>
    public bool AcceptSimulcast { get; set; } = true;

    /// <summary>ICE + DTLS must be up within this time, or the peer fails.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Goes into our a=ssrc cname and a=msid stream id; default: the peer id.</summary>
    public string? StreamId { get; set; }

    // Codecs we accept (negotiated by name/params and by extmap URI, never by id): Opus, VP8, VP9, H264, AV1, RTX, RED
    // — see ServerMediaCapabilities.
}

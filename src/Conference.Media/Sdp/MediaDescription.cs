namespace Conference.Media.Sdp;

/// <summary>One m= section (RFC 8866 §5.14) with the attributes WebRTC uses (JSEP RFC 8829 §5.2, §5.3).</summary>
public sealed class MediaDescription
{
    public const string Audio = "audio";
    public const string Video = "video";
    public const string Application = "application";

    /// <summary>JSEP RFC 8829 §5.2.1 for RTP media and RFC 8841 §4 for data channels.</summary>
    public const string RtpProtocol = "UDP/TLS/RTP/SAVPF";
    public const string SctpProtocol = "UDP/DTLS/SCTP";
    public const string DataChannelFormat = "webrtc-datachannel";

    /// <summary>audio, video, application (or another media type, kept as written).</summary>
    public string Kind { get; set; } = Audio;

    /// <summary>9 ("discard") is the JSEP placeholder; 0 marks a rejected or removed section.</summary>
    public int Port { get; set; } = 9;
    public int? PortCount { get; set; }
    public string Protocol { get; set; } = RtpProtocol;
    public List<string> Formats { get; } = [];
    public SdpConnection? Connection { get; set; }

    /// <summary>i=, b=, k= lines, kept verbatim.</summary>
    public List<SdpLine> OtherLines { get; } = [];

    public string? Mid { get; set; }

    /// <summary>Null when no direction attribute is present (RFC 8866 §6.7: then sendrecv).</summary>
    public MediaDirection? Direction { get; set; }
    public List<Msid> Msids { get; } = [];
    public bool RtcpMux { get; set; }
    public bool RtcpReducedSize { get; set; }
    public bool ExtMapAllowMixed { get; set; }
    public List<ExtMap> ExtMaps { get; } = [];
    public List<RtpMap> RtpMaps { get; } = [];
    public List<Fmtp> Fmtps { get; } = [];
    public List<RtcpFeedback> RtcpFeedbacks { get; } = [];
    public List<SsrcAttribute> Ssrcs { get; } = [];
    public List<SsrcGroup> SsrcGroups { get; } = [];
    public List<RidDescription> Rids { get; } = [];
    public SimulcastDescription? Simulcast { get; set; }

    public string? IceUfrag { get; set; }
    public string? IcePwd { get; set; }
    public List<string> IceOptions { get; } = [];
    public List<Fingerprint> Fingerprints { get; } = [];
    public SetupRole? Setup { get; set; }
    public List<IceCandidate> Candidates { get; } = [];
    public bool EndOfCandidates { get; set; }

    public int? SctpPort { get; set; }
    public ulong? MaxMessageSize { get; set; }

    /// <summary>Attributes we do not model, in written order; written back after the modelled ones.</summary>
    public List<SdpAttribute> OtherAttributes { get; } = [];

    public MediaDirection EffectiveDirection => Direction ?? MediaDirection.SendRecv;

    public bool IsRejected => Port == 0;

    public bool IsRtp => Protocol.Contains("RTP", StringComparison.Ordinal);

    public ExtMap? FindExtMap(string uri) => ExtMaps.Find(e => e.Uri == uri);

    /// <summary>The codecs in m= line order, assembled from rtpmap, fmtp and rtcp-fb (wildcard feedback included).</summary>
    public List<RtpCodec> GetCodecs()
    {
        var codecs = new List<RtpCodec>();
        foreach (var format in Formats)
        {
            if (!SdpText.TryParseInt(format, 0, 127, out int pt)) continue;
            var map = RtpMaps.Find(m => m.PayloadType == pt) ?? RtpCodec.StaticPayloadType(pt);
            if (map is null) continue;
            var codec = new RtpCodec(pt, map.EncodingName, map.ClockRate, map.Channels);
            var fmtp = Fmtps.Find(f => f.PayloadType == pt);
            if (fmtp is not null) codec.SetFormatParameters(fmtp.Parameters);
            foreach (var fb in RtcpFeedbacks)
            {
                if ((fb.PayloadType is null || fb.PayloadType == pt) && !codec.Feedback.Contains(fb.Kind)) codec.Feedback.Add(fb.Kind);
            }
            codecs.Add(codec);
        }
        return codecs;
    }

    /// <summary>Replaces the m= formats and their rtpmap/fmtp/rtcp-fb lines with the given codecs, in order.</summary>
    public void SetCodecs(IEnumerable<RtpCodec> codecs)
    {
        Formats.Clear();
        RtpMaps.Clear();
        Fmtps.Clear();
        RtcpFeedbacks.Clear();
        foreach (var codec in codecs)
        {
            Formats.Add(SdpText.Format(codec.PayloadType));
            RtpMaps.Add(new RtpMap(codec.PayloadType, codec.Name, codec.ClockRate, codec.Channels));
            foreach (var fb in codec.Feedback)
            {
                int space = fb.IndexOf(' ');
                RtcpFeedbacks.Add(space < 0
                    ? new RtcpFeedback(codec.PayloadType, fb, null)
                    : new RtcpFeedback(codec.PayloadType, fb.Substring(0, space), fb.Substring(space + 1)));
            }
            var parameters = codec.FormatParameters;
            if (parameters is not null) Fmtps.Add(new Fmtp(codec.PayloadType, parameters));
        }
    }
}

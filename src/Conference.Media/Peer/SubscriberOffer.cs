using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Conference.Media.Dtls;
using Conference.Media.Rtp;
using Conference.Media.Sdp;

namespace Conference.Media.Peer;

/// <summary>The outcome of applying an answer to our offer.</summary>
internal sealed record SubscriberAnswer(DtlsRole Role, DtlsFingerprint RemoteFingerprint, IReadOnlyList<PeerTrack> Tracks,
    MediaDescription? DataSection);

/// <summary>
/// The offers of a peer that offers (an SFU subscriber connection), ICE-lite (RFC 8445 §2.5): a data channel
/// section first (when enabled), then one sendonly section per outgoing track. Sections are only ever appended
/// (JSEP RFC 8829 §5.2.2: m= lines keep their order); a track that goes away leaves its section with port 0,
/// which the answerer treats as stopped. Not thread-safe: the peer serializes calls.
/// </summary>
internal sealed class SubscriberOffer(OfferContext context, DtlsCertificate certificate, int? maxMessageSize)
{
    private const string DataMid = "0";

    /// <summary>The one-byte header extension id (RFC 8285 §4.2) offered for the transport-wide sequence number.</summary>
    internal const int TransportCcExtensionId = 3;
    private readonly List<OfferedSection> _sections = [];
    private readonly HashSet<uint> _ssrcs = [];
    private readonly string _sessionId = Random.Shared.NextInt64(1, long.MaxValue).ToString(CultureInfo.InvariantCulture);
    private SessionDescription? _pending;
    private DtlsFingerprint? _remoteFingerprint;

    public int Revision { get; private set; }

    public bool IsPending => _pending is not null;

    /// <summary>The offer waiting for its answer (to send again to a participant whose signaling reconnected).</summary>
    public string? PendingSdp => _pending?.ToString();

    public string? RemoteUfrag { get; private set; }

    public string? MidOf(string trackId) => _sections.Find(s => s.TrackId == trackId && !s.Removed)?.Mid;

    public SessionDescription Create(IReadOnlyList<OutgoingTrack> tracks)
    {
        if (_sections.Count == 0 && maxMessageSize is not null) _sections.Add(new OfferedSection(DataMid, MediaDescription.Application, null, null, []));
        foreach (OfferedSection section in _sections)
        {
            if (section.TrackId is not null && !tracks.Any(t => t.TrackId == section.TrackId)) section.Removed = true;
        }
        foreach (OutgoingTrack track in tracks)
        {
            if (MidOf(track.TrackId) is not null) continue;
            List<RtpCodec> codecs = ForwardableCodecs(track.Codecs);
            var section = new OfferedSection(_sections.Count.ToString(CultureInfo.InvariantCulture), track.Kind, track.TrackId, track.StreamId, codecs)
            {
                Ssrc = ServerAnswer.NewSsrc(_ssrcs),
            };
            if (codecs.Any(c => c.IsRtx)) section.RtxSsrc = ServerAnswer.NewSsrc(_ssrcs);
            _sections.Add(section);
        }
        Revision++;
        _pending = Write();
        return _pending;
    }

    public bool TryApplyAnswer(string answerSdp, IReadOnlyList<PeerTrack> current,
        [NotNullWhen(true)] out SubscriberAnswer? result, [NotNullWhen(false)] out string? error)
    {
        result = null;
        if (_pending is not { } offer)
        {
            error = "no offer is waiting for an answer";
            return false;
        }
        if (!RemoteTransportParameters.TryReadAnswer(answerSdp, offer.Media.Count, out SessionDescription? answer,
                out RemoteTransportParameters? remote, out error))
        {
            return false;
        }
        if (RemoteUfrag is not null && (remote.Ice.Ufrag != RemoteUfrag || !remote.Fingerprint.Equals(_remoteFingerprint)))
        {
            error = "the answer changes the ICE credentials or DTLS fingerprint of an established connection";
            return false;
        }

        var tracks = new List<PeerTrack>();
        MediaDescription? data = null;
        for (int i = 0; i < answer.Media.Count; i++)
        {
            MediaDescription answered = answer.Media[i];
            OfferedSection section = _sections[i];
            if (answered.IsRejected || section.Removed) continue;
            if (answered.Mid is not null && answered.Mid != section.Mid)
            {
                error = $"answer section {i} has mid '{answered.Mid}', the offer '{section.Mid}' (JSEP RFC 8829 §5.3.1)";
                return false;
            }
            if (section.Kind == MediaDescription.Application)
            {
                data = answered;
                continue;
            }
            tracks.Add(current.FirstOrDefault(t => t.Mid == section.Mid) ?? CreateTrack(section, answered));
        }
        RemoteUfrag = remote.Ice.Ufrag;
        _remoteFingerprint = remote.Fingerprint;
        _pending = null;
        result = new SubscriberAnswer(remote.Setup == SetupRole.Active ? DtlsRole.Server : DtlsRole.Client, remote.Fingerprint, tracks, data);
        error = null;
        return true;
    }

    private SessionDescription Write()
    {
        var sdp = new SessionDescription
        {
            Origin = new SdpOrigin("-", _sessionId, Revision.ToString(CultureInfo.InvariantCulture), "IN", "IP4", "127.0.0.1"),
            IceLite = true,
            MsidSemantic = new MsidSemantic("WMS", []),
        };
        var fingerprint = new Fingerprint(certificate.Fingerprint.Algorithm, certificate.Fingerprint.Value);
        var bundle = new List<string>();
        foreach (OfferedSection section in _sections)
        {
            MediaDescription media = section.Kind == MediaDescription.Application ? DataSection(section) : TrackSection(section);
            if (!section.Removed)
            {
                media.IceUfrag = context.Local.Ufrag;
                media.IcePwd = context.Local.Password;
                media.Fingerprints.Add(fingerprint);
                media.Setup = SetupRole.ActPass; // RFC 5763 §5; the answerer keeps its role on later offers
                if (bundle.Count == 0)
                {
                    // RFC 8843 §7.2.1: the BUNDLE tag section carries the transport; ICE-lite knows all candidates.
                    media.Candidates.Add(context.Candidate);
                    media.EndOfCandidates = true;
                }
                bundle.Add(section.Mid);
            }
            sdp.Media.Add(media);
        }
        if (bundle.Count > 0) sdp.Groups.Add(new SdpGroup(SdpGroup.Bundle, bundle));
        return sdp;
    }

    private MediaDescription DataSection(OfferedSection section)
    {
        var media = new MediaDescription
        {
            Kind = MediaDescription.Application, Protocol = MediaDescription.SctpProtocol, Connection = SdpConnection.Placeholder,
            Mid = section.Mid, SctpPort = 5000, MaxMessageSize = (ulong)(maxMessageSize ?? 262144),
        };
        media.Formats.Add(MediaDescription.DataChannelFormat);
        return media;
    }

    private static MediaDescription TrackSection(OfferedSection section)
    {
        var media = new MediaDescription
        {
            Kind = section.Kind, Protocol = MediaDescription.RtpProtocol, Connection = SdpConnection.Placeholder,
            Mid = section.Mid, RtcpMux = true, RtcpReducedSize = true,
            Direction = section.Removed ? MediaDirection.Inactive : MediaDirection.SendOnly,
        };
        media.SetCodecs(section.Codecs);
        if (section.Removed)
        {
            media.Port = 0; // JSEP RFC 8829 §5.2.2: a removed section stays, rejected
            return media;
        }
        // One header extension is offered: the transport-wide sequence number. The SFU replaces each forwarded packet's
        // extension block with it (the publisher's ids mean nothing here, and its mid would misroute, RFC 8843 §9.2);
        // SSRCs route.
        media.ExtMaps.Add(new ExtMap(TransportCcExtensionId, null, RtpExtensionUris.TransportWideCc, null));
        media.Msids.Add(new Msid(section.StreamId!, section.TrackId));
        AddSsrc(media, section.Ssrc, section);
        if (section.RtxSsrc is { } rtx)
        {
            media.SsrcGroups.Add(new SsrcGroup(SsrcGroup.Fid, [section.Ssrc, rtx]));
            AddSsrc(media, rtx, section);
        }
        return media;
    }

    private static void AddSsrc(MediaDescription media, uint ssrc, OfferedSection section)
    {
        media.Ssrcs.Add(new SsrcAttribute(ssrc, "cname", section.StreamId));
        media.Ssrcs.Add(new SsrcAttribute(ssrc, "msid", $"{section.StreamId} {section.TrackId}"));
    }

    private static PeerTrack CreateTrack(OfferedSection section, MediaDescription answered)
    {
        var extensions = new Dictionary<string, byte>(StringComparer.Ordinal);
        foreach (ExtMap ext in answered.ExtMaps)
        {
            if (ext.Id is > 0 and < 256) extensions.TryAdd(ext.Uri, (byte)ext.Id);
        }
        List<RtpCodec> codecs = answered.GetCodecs();
        bool rtx = codecs.Any(c => c.IsRtx);
        return new PeerTrack(section.Mid, section.Kind, section.Ssrc, rtx ? section.RtxSsrc : null, answered.Ssrcs.Select(s => s.Ssrc),
            codecs, extensions, MediaDirection.SendOnly, [])
        {
            RemoteMsid = new Msid(section.StreamId!, section.TrackId),
        };
    }

    /// <summary>Media codecs and the RTX formats that repair them; RED and FEC carry inner payload types we do not rewrite.</summary>
    private static List<RtpCodec> ForwardableCodecs(IReadOnlyList<RtpCodec> codecs)
    {
        var media = codecs.Where(c => !c.IsRtx && !c.IsRed && !c.IsUlpfec && !c.Name.Equals("flexfec-03", StringComparison.OrdinalIgnoreCase))
            .Select(c => WithTransportCc(c.Clone())).ToList();
        var repaired = media.Select(c => c.PayloadType).ToHashSet();
        media.AddRange(codecs.Where(c => c.IsRtx && c.AssociatedPayloadType is { } apt && repaired.Contains(apt)).Select(c => c.Clone()));
        return media;
    }

    // draft-holmer-rmcat-transport-wide-cc-extensions-01 §4: the feedback is negotiated per codec with a=rtcp-fb.
    private static RtpCodec WithTransportCc(RtpCodec codec)
    {
        if (!codec.Feedback.Contains("transport-cc")) codec.Feedback.Add("transport-cc");
        return codec;
    }

    private sealed class OfferedSection(string mid, string kind, string? trackId, string? streamId, List<RtpCodec> codecs)
    {
        public string Mid { get; } = mid;
        public string Kind { get; } = kind;
        public string? TrackId { get; } = trackId;
        public string? StreamId { get; } = streamId;
        public List<RtpCodec> Codecs { get; } = codecs;
        public uint Ssrc { get; init; }
        public uint? RtxSsrc { get; set; }
        public bool Removed { get; set; }
    }
}

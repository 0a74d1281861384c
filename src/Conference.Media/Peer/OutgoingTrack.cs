using Conference.Media.Sdp;

namespace Conference.Media.Peer;

/// <summary>
/// A track an offering peer sends (an SFU forwarding another participant's track): announced as
/// <c>a=msid:&lt;StreamId&gt; &lt;TrackId&gt;</c> (RFC 8830) in a sendonly section offering <paramref name="Codecs"/>
/// with their payload types (RTX included where it repairs one of them; RED/FEC are left out, the SFU does not forward them).
/// </summary>
public sealed record OutgoingTrack(string TrackId, string StreamId, string Kind, IReadOnlyList<RtpCodec> Codecs);

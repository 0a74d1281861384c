namespace Conference.Media.Sfu.Rooms;

/// <summary>
/// What signaling knows of one published track (the room's record): its id, the client's MediaStreamTrack id that
/// the publisher offer names in a=msid (ties it to an m-section), kind, source and whether it is muted.
/// </summary>
public sealed record SfuTrackInfo(string TrackId, string? ClientTrackId, string Kind, string Source, bool Muted);

/// <summary>A simulcast stream of a published track: its SSRC and rid (learned from packets, or handed over at a media move).</summary>
public sealed record SfuStream(string TrackId, string Rid, uint Ssrc);

/// <summary>A subscriber offer ready to be sent to its participant.</summary>
public sealed record SfuOffer(string ParticipantId, string Sdp, int Revision);

/// <summary>The answer to a publisher offer, or why there is none.</summary>
public sealed record SfuAnswer(string? Sdp, string? Error)
{
    public bool Accepted => Error is null;
}

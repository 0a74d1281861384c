using Conference.Common;

namespace Conference.Media;

[Immutable, GenerateSerializer, Alias("conference.PublishAnswer")]
public sealed record PublishAnswer([property: Id(0)] string Sdp);

/// <summary>A server offer for a participant's subscriber connection; the client answers with the same revision.</summary>
[Immutable, GenerateSerializer, Alias("conference.MediaOffer")]
public sealed record MediaOffer([property: Id(0)] string Sdp, [property: Id(1)] int Revision);

/// <summary>
/// A simulcast encoding of a published track as a router learned it from the publisher's packets (its SSRC and the rid
/// its first packets carried). Kept by the room and handed to the next router at a media move: browsers stop sending
/// the rid once a receiver acknowledged the SSRC, and keep their SSRCs across the ICE restart.
/// </summary>
[Immutable, GenerateSerializer, Alias("conference.PublisherStream")]
public sealed record PublisherStream([property: Id(0)] string TrackId, [property: Id(1)] string Rid, [property: Id(2)] uint Ssrc);

[Immutable, GenerateSerializer, Alias("conference.RouterInfo")]
public sealed record RouterInfo(
    [property: Id(0)] string Silo,
    [property: Id(1)] string MediaEndPoint,
    [property: Id(2)] int Publishers,
    [property: Id(3)] long RtpPacketsReceived,
    [property: Id(4)] int Participants = 0,
    [property: Id(5)] int PublishedTracks = 0,
    [property: Id(6)] int Subscriptions = 0);

/// <summary>
/// A room's media on one SFU silo (key: room id), placed only on silos with the `sfu` role. It owns the room's
/// peer connections on that silo's media engine; packets never pass through the grain, only decisions do.
/// </summary>
[Alias("conference.IMediaRouterGrain")]
public interface IMediaRouterGrain : IGrainWithStringKey
{
    /// <summary>Answers a participant's publisher offer (the client offers its camera, microphone and screen).</summary>
    [Alias("Publish")] Task<Result<PublishAnswer>> Publish(string participantId, string offerSdp);

    /// <summary>A trickled ICE candidate for the participant's publisher connection.</summary>
    [Alias("AddPublisherCandidate")] Task<Result<bool>> AddPublisherCandidate(string participantId, string candidate);

    /// <summary>Creates the participant's subscriber connection: the server's first offer (later ones arrive as events).</summary>
    [Alias("Subscribe")] Task<Result<MediaOffer>> Subscribe(string participantId);

    /// <summary>The answer to the subscriber offer with that revision.</summary>
    [Alias("SubscriberAnswer")] Task<Result<bool>> SubscriberAnswer(string participantId, int revision, string answerSdp);

    [Alias("AddSubscriberCandidate")] Task<Result<bool>> AddSubscriberCandidate(string participantId, string candidate);

    /// <summary>The participant's published tracks as the room records them (from the room grain on every change).</summary>
    [Alias("SetTracks")] Task SetTracks(string participantId, IReadOnlyList<Rooms.PublishedTrack> tracks);

    /// <summary>The participant's signaling reconnected (Resume): an unanswered subscriber offer is pushed again.</summary>
    [Alias("Resumed")] Task Resumed(string participantId);

    /// <summary>The participant's simulcast streams as earlier routers learned them (at a media move, before its publisher offer).</summary>
    [Alias("KnownStreams")] Task KnownStreams(string participantId, IReadOnlyList<PublisherStream> streams);

    [Alias("Close")] Task Close(string participantId);

    /// <summary>The room moved its media to a newer router: this one closes every connection and deactivates.</summary>
    [Alias("Retire")] Task Retire();

    /// <summary>
    /// How big the participant shows another participant's video track (device pixels; 0 × 0 = hidden): the SFU sends
    /// it the simulcast layer that fits, pauses it while hidden, and tells publishers which layers anyone needs.
    /// </summary>
    [Alias("SetVideoView")] Task<Result<bool>> SetVideoView(string participantId, string trackId, int width, int height);

    /// <summary>Starts writing every forwarded track (and those published later) to storage under the recording's id.</summary>
    [Alias("StartRecording")] Task<Result<bool>> StartRecording(string recordingId);

    /// <summary>Finishes the recording's files; returns them as stored.</summary>
    [Alias("StopRecording")] Task<Result<IReadOnlyList<Recordings.RecordedTrack>>> StopRecording(string recordingId);

    /// <summary>The recording this router is writing, or null (e.g. it was reactivated after its silo went away).</summary>
    [Alias("ActiveRecording")] Task<string?> ActiveRecording();
    [Alias("Describe")] Task<RouterInfo> Describe();
}

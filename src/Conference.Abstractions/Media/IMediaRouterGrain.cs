using Conference.Common;

namespace Conference.Media;

[Immutable, GenerateSerializer, Alias("conference.PublishAnswer")]
public sealed record PublishAnswer([property: Id(0)] string Sdp);

[Immutable, GenerateSerializer, Alias("conference.RouterInfo")]
public sealed record RouterInfo(
    [property: Id(0)] string Silo,
    [property: Id(1)] string MediaEndPoint,
    [property: Id(2)] int Publishers,
    [property: Id(3)] long RtpPacketsReceived);

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

    [Alias("Close")] Task Close(string participantId);
    [Alias("Describe")] Task<RouterInfo> Describe();
}

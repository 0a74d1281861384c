using Conference.Common;

namespace Conference.Recordings;

/// <summary>
/// A room's recordings (key: room id, on a core silo): starts and stops them through the room's media router,
/// keeps their files' metadata as the SFU reports it, ends a recording whose SFU silo went away with what was
/// stored, and deletes recordings older than the retention (a reminder).
/// </summary>
[Alias("conference.IRoomRecordingsGrain")]
public interface IRoomRecordingsGrain : IGrainWithStringKey
{
    [Alias("Start")] Task<Result<Recording>> Start(string userId);
    [Alias("Stop")] Task<Result<Recording>> Stop(string userId);

    /// <summary>The recording in progress, if any (what a late joiner is told).</summary>
    [AlwaysInterleave, Alias("Active")] Task<Recording?> Active();

    [Alias("List")] Task<IReadOnlyList<Recording>> List();
    [Alias("Get")] Task<Result<Recording>> Get(string recordingId);
    [Alias("Delete")] Task<Result<bool>> Delete(string recordingId);

    /// <summary>From the media router, every few seconds and at the end: the files as they are now.</summary>
    [OneWay, Alias("Progress")] Task Progress(string recordingId, IReadOnlyList<RecordedTrack> tracks);
}

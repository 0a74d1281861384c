namespace Conference.Recordings;

/// <summary>recording: files are being written; completed: every file is stored; interrupted: the SFU silo went away and the files end where their upload did.</summary>
[GenerateSerializer, Alias("conference.RecordingState")]
public enum RecordingState
{
    Recording = 0,
    Completed = 1,
    Interrupted = 2,
}

/// <summary>One recording of a room's call: a WebM file per published track.</summary>
[Immutable, GenerateSerializer, Alias("conference.Recording")]
public sealed record Recording(
    [property: Id(0)] string Id,
    [property: Id(1)] string RoomId,
    [property: Id(2)] string StartedBy,
    [property: Id(3)] DateTimeOffset StartedAt,
    [property: Id(4)] DateTimeOffset? StoppedAt,
    [property: Id(5)] RecordingState State,
    [property: Id(6)] IReadOnlyList<RecordedTrack> Tracks,
    [property: Id(7)] string? StoppedBy = null,
    [property: Id(8)] string? SessionId = null)
{
    public long DurationMs => Tracks.Count == 0 ? 0 : Tracks.Max(t => t.DurationMs);
    public long Bytes => Tracks.Sum(t => t.Bytes);
}

/// <summary>One track's file: whose track it is, what it holds and how far it got.</summary>
[Immutable, GenerateSerializer, Alias("conference.RecordedTrack")]
public sealed record RecordedTrack(
    [property: Id(0)] string TrackId,
    [property: Id(1)] string ParticipantId,
    [property: Id(2)] string? UserId,
    [property: Id(3)] string? Name,
    [property: Id(4)] string Kind,
    [property: Id(5)] string Source,
    [property: Id(6)] string Codec,
    [property: Id(7)] string Key,
    [property: Id(8)] DateTimeOffset StartedAt,
    [property: Id(9)] long DurationMs,
    [property: Id(10)] long Bytes,
    [property: Id(11)] bool Finished,
    [property: Id(12)] int Width = 0,
    [property: Id(13)] int Height = 0,
    [property: Id(14)] string? Error = null);

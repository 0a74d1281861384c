using Conference.Recordings;

namespace Conference.Grains.Recordings;

[GenerateSerializer, Alias("conference.RoomRecordingsState")]
public sealed record RoomRecordingsState
{
    /// <summary>Oldest first; the one in progress (if any) is <see cref="ActiveId"/>.</summary>
    [Id(0)] public List<Recording> Recordings { get; init; } = [];
    [Id(1)] public string? ActiveId { get; init; }
}

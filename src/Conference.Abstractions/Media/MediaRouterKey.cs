using System.Globalization;

namespace Conference.Media;

/// <summary>
/// The key of a room's media router grain: the room id, and a generation the room bumps each time it moves its
/// media to another SFU silo (the silo died or drains). A new generation is a new grain, so it is placed afresh
/// and never waits for the old activation's silo to be declared dead. Generation 0 is the room id alone.
/// </summary>
public readonly record struct MediaRouterKey(string RoomId, int Generation)
{
    private const char Separator = '/';

    public override string ToString() =>
        Generation == 0 ? RoomId : string.Create(CultureInfo.InvariantCulture, $"{RoomId}{Separator}{Generation}");

    public MediaRouterKey Next() => this with { Generation = Generation + 1 };

    public static MediaRouterKey Parse(string key)
    {
        var at = key.LastIndexOf(Separator);
        return at > 0 && int.TryParse(key.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var generation)
            ? new MediaRouterKey(key[..at], generation)
            : new MediaRouterKey(key, 0);
    }
}

/// <summary>Where a room's media router runs: the SFU silo and its media engine's address (what a client connects to).</summary>
[Immutable, GenerateSerializer, Alias("conference.MediaRouterLocation")]
public sealed record MediaRouterLocation([property: Id(0)] string Silo, [property: Id(1)] string MediaEndPoint);

public static class MediaRouters
{
    /// <summary>The room's current media router (the room grain knows its generation).</summary>
    public static async Task<IMediaRouterGrain> CurrentRouter(this IGrainFactory grains, string roomId) =>
        grains.GetGrain<IMediaRouterGrain>(await grains.GetGrain<Rooms.IRoomGrain>(roomId).RouterKey());
}

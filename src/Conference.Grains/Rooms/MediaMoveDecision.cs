using Conference.Media;

namespace Conference.Grains.Rooms;

/// <summary>Whether a room's media can move at all: only when another SFU silo could take its router.</summary>
public static class MediaMoveDecision
{
    /// <summary>
    /// True when an SFU silo other than <paramref name="leaving"/> (the router's silo as <c>SiloAddress.ToString()</c>)
    /// reports itself able to take a room: not full, draining or silent. With the router's silo unknown (it never
    /// answered), only when more than one SFU silo is known: a lone SFU silo is where the router is.
    /// </summary>
    public static bool AnotherSfuSilo(IReadOnlyCollection<SfuLoad> loads, string? leaving)
    {
        var eligible = loads.Where(l => l is { Draining: false, Full: false, Silent: false }).ToList();
        return string.IsNullOrEmpty(leaving)
            ? eligible.Count > 0 && loads.Count > 1
            : eligible.Any(l => l.Silo != leaving && SiloAddress.FromParsableString(l.Silo).ToString() != leaving);
    }
}

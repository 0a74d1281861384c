namespace Conference.Grains.Placement;

/// <summary>RequestContext entries the activating call carries to <see cref="LeastLoadedSfuPlacementDirector"/>.</summary>
public static class PlacementHints
{
    /// <summary>A silo (as <c>SiloAddress.ToString()</c>) the new activation must not go to if any other will do: the one a room's media just left.</summary>
    public const string AvoidSilo = "conference.placement.avoid-silo";
}

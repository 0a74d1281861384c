namespace Conference.Users;

/// <summary>The fields the user catalog needs for uniqueness, filtering and paging.</summary>
[Immutable, GenerateSerializer, Alias("conference.UserSummary")]
public sealed record UserSummary(
    [property: Id(0)] string NormalizedEmail,
    [property: Id(1)] UserRole Role);

[Immutable, GenerateSerializer, Alias("conference.UserFilter")]
public sealed record UserFilter([property: Id(0)] UserRole? Role = null);

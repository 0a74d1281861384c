using Conference.Users;

namespace Conference.Grains.Users;

[GenerateSerializer, Alias("conference.UserState")]
public sealed record UserState
{
    [Id(0)] public User? User { get; init; }

    /// <summary>PBKDF2 hash from the edge's hasher; never returned by the API.</summary>
    [Id(1)] public string? PasswordHash { get; init; }
}

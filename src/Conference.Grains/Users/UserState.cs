using Conference.Users;

namespace Conference.Grains.Users;

[GenerateSerializer, Alias("conference.UserState")]
public sealed record UserState
{
    [Id(0)] public User? User { get; init; }
}

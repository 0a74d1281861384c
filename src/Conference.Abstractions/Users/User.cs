namespace Conference.Users;

[GenerateSerializer, Alias("conference.UserRole")]
public enum UserRole
{
    Member = 0,
    Admin = 1,
    Guest = 2,
}

/// <summary>A user as the API shows it (never carries secrets).</summary>
[Immutable, GenerateSerializer, Alias("conference.User")]
public sealed record User(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Email,
    [property: Id(3)] UserRole Role,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] DateTimeOffset UpdatedAt,
    [property: Id(6)] long Version) : Common.IVersioned;

/// <summary>
/// What a client sends to create or replace a user; null means "not given". <see cref="Password"/> is read by the
/// edge, which hashes it and strips it before the input travels to a grain.
/// </summary>
[Immutable, GenerateSerializer, Alias("conference.UserInput")]
public sealed record UserInput(
    [property: Id(0)] string? Name,
    [property: Id(1)] string? Email,
    [property: Id(2)] UserRole? Role,
    [property: Id(3)] string? Password = null);

/// <summary>What login needs: the user and their password hash. Never leaves the cluster's edge.</summary>
[Immutable, GenerateSerializer, Alias("conference.UserCredentials")]
public sealed record UserCredentials([property: Id(0)] User User, [property: Id(1)] string? PasswordHash);

/// <summary>
/// An account as authorization sees it now: its role, and a stamp that changes with its password, so that tokens
/// issued before a password change stop working (they carry the stamp they were issued with).
/// </summary>
[Immutable, GenerateSerializer, Alias("conference.AccountStanding")]
public sealed record AccountStanding([property: Id(0)] UserRole Role, [property: Id(1)] string Stamp);

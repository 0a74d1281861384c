using Conference.Catalogs;
using Conference.Common;

namespace Conference.Users;

/// <summary>Owns one user's profile (key: user id).</summary>
[Alias("conference.IUserGrain")]
public interface IUserGrain : IGrainWithStringKey, ICatalogOwner<UserSummary>
{
    /// <param name="passwordHash">A hash from the edge's password hasher, or null for a user who cannot log in yet.</param>
    [Alias("Create")] Task<Result<User>> Create(UserInput input, string? passwordHash);
    [Alias("Get")] Task<Result<User>> Get();

    /// <param name="passwordHash">A new hash, or null to keep the current password.</param>
    [Alias("Update")] Task<Result<User>> Update(UserInput input, long? expectedVersion, string? passwordHash);

    [Alias("GetCredentials")] Task<UserCredentials?> GetCredentials();

    /// <summary>What authorization needs on every request (role, credentials stamp); null when the account is gone.</summary>
    [AlwaysInterleave, Alias("GetStanding")] Task<AccountStanding?> GetStanding();
    [Alias("Delete")] Task<Result<long>> Delete(long? expectedVersion);

    /// <summary>Interleaves so that grains validating an assignee never deadlock with this user's own calls.</summary>
    [AlwaysInterleave, Alias("Exists")] Task<bool> Exists();
}

using Conference.Catalogs;
using Conference.Common;

namespace Conference.Users;

/// <summary>Owns one user's profile (key: user id).</summary>
[Alias("conference.IUserGrain")]
public interface IUserGrain : IGrainWithStringKey, ICatalogOwner<UserSummary>
{
    [Alias("Create")] Task<Result<User>> Create(UserInput input);
    [Alias("Get")] Task<Result<User>> Get();
    [Alias("Update")] Task<Result<User>> Update(UserInput input, long? expectedVersion);
    [Alias("Delete")] Task<Result<long>> Delete(long? expectedVersion);

    /// <summary>Interleaves so that grains validating an assignee never deadlock with this user's own calls.</summary>
    [AlwaysInterleave, Alias("Exists")] Task<bool> Exists();
}

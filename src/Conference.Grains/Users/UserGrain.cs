using System.Net.Mail;
using Conference.Catalogs;
using Conference.Common;
using Conference.Grains.Catalogs;
using Conference.Grains.Observability;
using Conference.Projects;
using Conference.Tasks;
using Conference.Users;

namespace Conference.Grains.Users;

[Placement.RequiresRole("core")]
public sealed class UserGrain(
    [PersistentState("user", StorageNames.Store)] IPersistentState<UserState> state,
    TimeProvider time) : IndexedGrain<UserState, UserSummary>(state), IUserGrain
{
    private const int MaxName = 200;
    private const int MaxEmail = 254;

    protected override ICatalogIndex<UserSummary> Catalog => GrainFactory.GetGrain<IUserCatalogGrain>(CatalogKeys.All);

    protected override UserSummary? SummaryOf(UserState value) =>
        value.User is { } user ? new UserSummary(user.Email.ToLowerInvariant(), user.Role) : null;

    private User? Current => State.RecordExists ? State.State.User : null;

    public Task<UserCredentials?> GetCredentials() =>
        Task.FromResult(Current is { } user ? new UserCredentials(user, State.State.PasswordHash) : null);

    public Task<bool> Exists() => Task.FromResult(Current is not null);

    public Task<AccountStanding?> GetStanding() =>
        Task.FromResult(Current is { } user ? new AccountStanding(user.Role, StampOf(State.State.PasswordHash)) : null);

    /// <summary>Derived from the password hash (salted, so a new password always gives a new stamp); never the hash itself.</summary>
    private static string StampOf(string? passwordHash) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(passwordHash ?? "")))[..16];

    // One-way: the gateways drop their cached standing of this account (AccountStandings), cluster-wide.
    private Task AnnounceChange() =>
        GrainFactory.GetGrain<Conference.LiveUpdates.ILiveFeedGrain>(Conference.LiveUpdates.LiveFeeds.Accounts)
            .Publish(Conference.LiveUpdates.LiveEvent.AccountChanged(Id));

    public Task<Result<User>> Get() =>
        Task.FromResult<Result<User>>(Current is { } user ? user : ResourceError.NotFound("User", Id));

    public async Task<Result<User>> Create(UserInput input, string? passwordHash)
    {
        if (Current is not null) return ResourceError.Conflict($"User '{Id}' already exists.");
        var (name, email, error) = Validate(input);
        if (error is not null) return error;
        var now = time.GetUtcNow();
        var user = new User(Id, name!, email!, input.Role ?? UserRole.Member, now, now, 1);
        if (await WriteIndexed(new UserState { User = user, PasswordHash = passwordHash }) is { } failed) return failed;
        ConferenceMetrics.RecordCreated("user");
        return user;
    }

    public async Task<Result<User>> Update(UserInput input, long? expectedVersion, string? passwordHash)
    {
        if (Current is not { } current) return ResourceError.NotFound("User", Id);
        if (expectedVersion is { } expected && expected != current.Version) return ResourceError.Stale(expected, current.Version);
        var (name, email, error) = Validate(input);
        if (error is not null) return error;
        var user = current with
        {
            Name = name!, Email = email!, Role = input.Role ?? current.Role,
            UpdatedAt = time.GetUtcNow(), Version = current.Version + 1,
        };
        if (await WriteIndexed(State.State with { User = user, PasswordHash = passwordHash ?? State.State.PasswordHash }) is { } failed) return failed;
        ConferenceMetrics.RecordUpdated("user");
        if (user.Role != current.Role || passwordHash is not null) await AnnounceChange();
        return user;
    }

    public async Task<Result<long>> Delete(long? expectedVersion)
    {
        if (Current is not { } current) return ResourceError.NotFound("User", Id);
        if (expectedVersion is { } expected && expected != current.Version) return ResourceError.Stale(expected, current.Version);
        if (await WriteIndexed(null) is { } failed) return failed;
        ConferenceMetrics.RecordDeleted("user");
        await AnnounceChange();
        await UnassignEverywhere();
        await GrainFactory.GetGrain<Conference.Notifications.IUserNotificationsGrain>(Id).Clear();
        return current.Version;
    }

    /// <summary>Deleting a user removes their memberships and unassigns their tasks (found through the catalogs, not storage).</summary>
    private async Task UnassignEverywhere()
    {
        foreach (var projectId in await CatalogPages.Ids(GrainFactory.GetGrain<IProjectCatalogGrain>(CatalogKeys.All), new ProjectFilter()))
        {
            await GrainFactory.GetGrain<IProjectGrain>(projectId).RemoveMember(Id, userDeleted: true);
            var assigned = await CatalogPages.Ids(GrainFactory.GetGrain<ITaskCatalogGrain>(projectId), new TaskFilter(Assignee: Id));
            await Task.WhenAll(assigned.Select(taskId => GrainFactory.GetGrain<ITaskGrain>(taskId).Unassign(Id)));
        }
    }

    private static (string? Name, string? Email, ResourceError? Error) Validate(UserInput input)
    {
        var errors = new FieldErrors();
        var name = errors.Required("name", input.Name, MaxName);
        var email = errors.Required("email", input.Email, MaxEmail);
        if (email is not null && !IsEmail(email)) errors.Add("email", "'email' must be a valid email address.");
        if (input.Role is { } role && !Enum.IsDefined(role)) errors.Add("role", "'role' is not a known role.");
        return (name, email, errors.Any ? errors.ToError() : null);
    }

    private static bool IsEmail(string email) =>
        !email.Any(char.IsWhiteSpace)
        && MailAddress.TryCreate(email, out var parsed)
        && parsed.Address == email
        && parsed.Host.Contains('.');
}

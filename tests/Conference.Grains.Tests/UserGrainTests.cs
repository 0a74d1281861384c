using Conference.Catalogs;
using Conference.Users;

namespace Conference.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class UserGrainTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Grains;

    private static string UniqueEmail(string name) => $"{name}.{ResourceIds.New()}@example.com";

    [Fact]
    public async Task Create_then_get_returns_the_user_with_version_1()
    {
        var id = ResourceIds.New();
        var email = UniqueEmail("ann");

        var created = await _grains.GetGrain<IUserGrain>(id).Create(new UserInput("Ann", email, UserRole.Admin), null);
        var read = await _grains.GetGrain<IUserGrain>(id).Get();

        Assert.True(created.IsSuccess);
        Assert.Equal(new User(id, "Ann", email, UserRole.Admin, created.Value!.CreatedAt, created.Value.UpdatedAt, 1), read.Value);
    }

    [Fact]
    public async Task Emails_are_unique_ignoring_case()
    {
        var email = UniqueEmail("bob");
        await _grains.GetGrain<IUserGrain>(ResourceIds.New()).Create(new UserInput("Bob", email, null), null);

        var second = await _grains.GetGrain<IUserGrain>(ResourceIds.New()).Create(new UserInput("Bobby", email.ToUpperInvariant(), null), null);

        Assert.Equal(ErrorKind.Conflict, second.Error?.Kind);
    }

    [Fact]
    public async Task Invalid_input_names_every_bad_field()
    {
        var result = await _grains.GetGrain<IUserGrain>(ResourceIds.New()).Create(new UserInput(" ", "not-an-email", (UserRole)42), null);

        Assert.Equal(ErrorKind.Invalid, result.Error?.Kind);
        Assert.Equal(["email", "name", "role"], result.Error!.Fields!.Keys.Order());
    }

    [Fact]
    public async Task A_stale_expected_version_is_refused_and_changes_nothing()
    {
        var grain = _grains.GetGrain<IUserGrain>(ResourceIds.New());
        var email = UniqueEmail("cy");
        await grain.Create(new UserInput("Cy", email, null), null);
        await grain.Update(new UserInput("Cy 2", email, null), 1, null);

        var stale = await grain.Update(new UserInput("Cy 3", email, null), 1, null);

        Assert.Equal(ErrorKind.PreconditionFailed, stale.Error?.Kind);
        Assert.Equal("Cy 2", (await grain.Get()).Value!.Name);
    }

    [Fact]
    public async Task Thirty_racing_updates_with_the_same_version_give_exactly_one_success()
    {
        var grain = _grains.GetGrain<IUserGrain>(ResourceIds.New());
        var email = UniqueEmail("race");
        await grain.Create(new UserInput("Race", email, null), null);

        var results = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => grain.Update(new UserInput($"Racer {i}", email, null), 1, null)));

        Assert.Single(results, r => r.IsSuccess);
        Assert.Equal(29, results.Count(r => r.Error?.Kind == ErrorKind.PreconditionFailed));
        Assert.Equal(2, (await grain.Get()).Value!.Version);
    }

    [Fact]
    public async Task A_failed_storage_write_leaves_no_catalog_entry_and_frees_the_email()
    {
        var email = UniqueEmail("faulty");
        var id = ResourceIds.New();
        FaultInjectingStorage.FailingEmails[email] = true;

        var failed = await _grains.GetGrain<IUserGrain>(id).Create(new UserInput("Faulty", email, null), null);
        FaultInjectingStorage.FailingEmails.TryRemove(email, out _);
        var listed = await AllUserIds();
        var retry = await _grains.GetGrain<IUserGrain>(ResourceIds.New()).Create(new UserInput("Faulty", email, null), null);

        Assert.Equal(ErrorKind.Unavailable, failed.Error?.Kind);
        Assert.DoesNotContain(id, listed);
        Assert.False(await _grains.GetGrain<IUserGrain>(id).Exists());
        Assert.True(retry.IsSuccess);
    }

    [Fact]
    public async Task Deleted_users_are_gone_from_grain_and_catalog()
    {
        var id = ResourceIds.New();
        var grain = _grains.GetGrain<IUserGrain>(id);
        await grain.Create(new UserInput("Dee", UniqueEmail("dee"), null), null);

        var deleted = await grain.Delete(null);

        Assert.True(deleted.IsSuccess);
        Assert.Equal(ErrorKind.NotFound, (await grain.Get()).Error?.Kind);
        Assert.DoesNotContain(id, await AllUserIds());
    }

    private async Task<List<string>> AllUserIds()
    {
        var catalog = _grains.GetGrain<IUserCatalogGrain>(CatalogKeys.All);
        var ids = new List<string>();
        string? cursor = null;
        do
        {
            var page = await catalog.List(new UserFilter(), new PageRequest(PageRequest.MaxLimit, cursor));
            ids.AddRange(page.Items);
            cursor = page.NextCursor;
        } while (cursor is not null);
        return ids;
    }
}

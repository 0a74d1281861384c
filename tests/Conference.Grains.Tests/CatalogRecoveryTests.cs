using Conference.Catalogs;
using Conference.Projects;

namespace Conference.Grains.Tests;

/// <summary>
/// A writer that crashes between the catalog's prepare and its own write (or before the commit) leaves a
/// pending entry; these tests plant such entries directly and check the catalog heals from the owner's truth.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class CatalogRecoveryTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Grains;
    private const string Owner = "owner0000000000000000000000";
    private IProjectCatalogGrain Catalog => _grains.GetGrain<IProjectCatalogGrain>(CatalogKeys.All);

    [Fact]
    public async Task A_pending_entry_whose_owner_never_wrote_is_dropped()
    {
        var ghost = ResourceIds.New();
        await Catalog.Prepare(ghost, new ProjectSummary(ProjectStatus.Archived));

        var listed = await ListAll(new ProjectFilter(ProjectStatus.Archived));

        Assert.DoesNotContain(ghost, listed);
        Assert.DoesNotContain(ghost, await ListAll(new ProjectFilter(ProjectStatus.Archived)));
    }

    [Fact]
    public async Task A_pending_update_the_owner_never_wrote_resolves_to_the_owners_state()
    {
        var id = ResourceIds.New();
        await _grains.GetGrain<IProjectGrain>(id).Create(new ProjectInput("Real", null, ProjectStatus.Active, null, null), Owner);
        await Catalog.Prepare(id, new ProjectSummary(ProjectStatus.OnHold));

        Assert.DoesNotContain(id, await ListAll(new ProjectFilter(ProjectStatus.OnHold)));
        Assert.Contains(id, await ListAll(new ProjectFilter(ProjectStatus.Active)));
    }

    [Fact]
    public async Task An_owner_write_whose_commit_was_lost_becomes_visible()
    {
        var id = ResourceIds.New();
        await _grains.GetGrain<IProjectGrain>(id).Create(new ProjectInput("Committed late", null, ProjectStatus.Completed, null, null), Owner);
        // Simulates the crash window: the catalog holds the change as pending (as after a restart that lost the
        // in-memory commit) while the owner has written it.
        await Catalog.Prepare(id, new ProjectSummary(ProjectStatus.Completed));

        Assert.Contains(id, await ListAll(new ProjectFilter(ProjectStatus.Completed)));
    }

    [Fact]
    public async Task Walking_all_pages_while_items_are_added_returns_each_item_once()
    {
        var before = await ListAll(new ProjectFilter());
        for (var i = 0; i < 12; i++)
            await _grains.GetGrain<IProjectGrain>(ResourceIds.New()).Create(new ProjectInput($"Page {i}", null, null, null, null), Owner);

        var seen = new List<string>();
        var added = new List<string>();
        string? cursor = null;
        do
        {
            var page = await Catalog.List(new ProjectFilter(), new PageRequest(5, cursor));
            seen.AddRange(page.Items);
            cursor = page.NextCursor;
            var extra = ResourceIds.New();
            await _grains.GetGrain<IProjectGrain>(extra).Create(new ProjectInput("Added while paging", null, null, null, null), Owner);
            added.Add(extra);
        } while (cursor is not null);

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Subset(seen.ToHashSet(), before.ToHashSet());
        Assert.True(seen.Count >= before.Count + 12);
    }

    private async Task<List<string>> ListAll(ProjectFilter filter)
    {
        var ids = new List<string>();
        string? cursor = null;
        do
        {
            var page = await Catalog.List(filter, new PageRequest(PageRequest.MaxLimit, cursor));
            ids.AddRange(page.Items);
            cursor = page.NextCursor;
        } while (cursor is not null);
        return ids;
    }
}

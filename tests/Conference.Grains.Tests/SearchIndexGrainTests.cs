using Conference.Comments;
using Conference.Projects;
using Conference.Search;
using Conference.Tasks;

namespace Conference.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class SearchIndexGrainTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Grains;
    private const string Author = "author000000000000000000000";

    private async Task<string> NewProject()
    {
        var id = ResourceIds.New();
        Assert.True((await _grains.GetGrain<IProjectGrain>(id).Create(new ProjectInput("Search", null, ProjectStatus.Active, null, null), Author)).IsSuccess);
        return id;
    }

    private async Task<string> NewTask(string projectId, string name, string? description = null, TaskItemStatus? status = null, string[]? labels = null)
    {
        var id = ResourceIds.New();
        var result = await _grains.GetGrain<ITaskGrain>(id).Create(projectId,
            new TaskInput(name, description, status, null, null, null, Labels: labels), Author);
        Assert.True(result.IsSuccess, result.Error?.Message);
        return id;
    }

    private async Task<IReadOnlyList<string>> Find(string projectId, string q, TaskItemStatus? status = null, string? label = null) =>
        (await _grains.GetGrain<ISearchIndexGrain>(projectId).Search(new SearchQuery(SearchText.Tokens(q), status, Label: label), null, 50)).TaskIds;

    [Fact]
    public void Text_becomes_lower_case_runs_of_letters_and_digits()
    {
        Assert.Equal(["fix", "the", "login", "page", "v2", "größe"], SearchText.Tokens("Fix the Login-Page, v2! GRÖSSE".Replace("SS", "ß")));
        Assert.Equal(["a", "b"], SearchText.Words("b a", "A"));
    }

    [Fact]
    public async Task Every_term_must_match_and_only_the_last_as_a_prefix()
    {
        var project = await NewProject();
        var login = await NewTask(project, "Login page broken", "Users see an error");
        var logout = await NewTask(project, "Logout button");

        Assert.Equal(new[] { login, logout }.Order(StringComparer.Ordinal), await Find(project, "LOG"));
        Assert.Equal([login], await Find(project, "login pag"));
        Assert.Equal([login], await Find(project, "page ERROR"));
        Assert.Empty(await Find(project, "pag login"));
        Assert.Empty(await Find(project, "logout error"));
    }

    [Fact]
    public async Task Filters_narrow_the_matches()
    {
        var project = await NewProject();
        var done = await NewTask(project, "Ship release", status: TaskItemStatus.Done, labels: ["Backend"]);
        var open = await NewTask(project, "Ship docs");

        Assert.Equal([done], await Find(project, "ship", status: TaskItemStatus.Done));
        Assert.Equal([done], await Find(project, "ship", label: "BACKEND"));
        Assert.Equal([open], await Find(project, "ship", status: TaskItemStatus.Todo));
    }

    [Fact]
    public async Task A_rename_replaces_the_indexed_words()
    {
        var project = await NewProject();
        var id = await NewTask(project, "Draft proposal");

        await _grains.GetGrain<ITaskGrain>(id).Update(new TaskInput("Final contract", null, null, null, null, null), null, Author);

        Assert.Empty(await Find(project, "proposal"));
        Assert.Equal([id], await Find(project, "final contract"));
    }

    [Fact]
    public async Task Comments_are_searchable_as_they_are_added_edited_and_deleted()
    {
        var project = await NewProject();
        var id = await NewTask(project, "Quiet task");
        var commentId = ResourceIds.New();

        await _grains.GetGrain<ITaskGrain>(id).AddComment(commentId, Author, new CommentInput("Seen on the staging cluster"));
        Assert.Equal([id], await Find(project, "quiet stag"));

        await _grains.GetGrain<ITaskCommentsGrain>(id).Edit(commentId, Author, new CommentInput("Seen in production"), null);
        Assert.Empty(await Find(project, "staging"));
        Assert.Equal([id], await Find(project, "production"));

        await _grains.GetGrain<ITaskCommentsGrain>(id).Delete(commentId, Author, false, null);
        Assert.Empty(await Find(project, "production"));
        Assert.Equal([id], await Find(project, "quiet"));
    }

    [Fact]
    public async Task A_deleted_task_leaves_the_index()
    {
        var project = await NewProject();
        var id = await NewTask(project, "Doomed task");

        await _grains.GetGrain<ITaskGrain>(id).Delete(null, Author);

        Assert.Empty(await Find(project, "doomed"));
    }

    [Fact]
    public async Task Rebuild_heals_an_index_that_lost_updates()
    {
        var project = await NewProject();
        var id = await NewTask(project, "Recovered task");
        await _grains.GetGrain<ITaskGrain>(id).AddComment(ResourceIds.New(), Author, new CommentInput("with a comment"));
        var index = _grains.GetGrain<ISearchIndexGrain>(project);
        Assert.Equal([id], await Find(project, "recovered"));
        await index.Remove(id);
        Assert.Empty(await Find(project, "recovered"));

        Assert.Equal(1, await index.Rebuild());

        Assert.Equal([id], await Find(project, "recovered comm"));
    }

    [Fact]
    public async Task An_index_never_built_reads_the_project_on_its_first_search()
    {
        var project = await NewProject();
        var id = await NewTask(project, "Older than search");
        await _grains.GetGrain<ITaskGrain>(id).AddComment(ResourceIds.New(), Author, new CommentInput("legacy note"));
        await _grains.GetGrain<ISearchIndexGrain>(project).Remove(id);

        Assert.Equal([id], await Find(project, "older legacy"));
    }

    [Fact]
    public async Task Search_pages_in_task_id_order_and_counts_every_match()
    {
        var project = await NewProject();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++) ids.Add(await NewTask(project, $"Paged item {i}"));
        ids.Sort(StringComparer.Ordinal);
        var index = _grains.GetGrain<ISearchIndexGrain>(project);

        var first = await index.Search(new SearchQuery(["paged"]), null, 2);
        var rest = await index.Search(new SearchQuery(["paged"]), first.TaskIds[^1], 10);

        Assert.Equal(5, first.Total);
        Assert.Equal(ids, first.TaskIds.Concat(rest.TaskIds));
    }
}

using System.Buffers.Text;
using System.Text;
using System.Text.Json.Serialization;
using Conference.Catalogs;
using Conference.Common;
using Conference.Search;
using Conference.Server.Auth;
using Conference.Tasks;

namespace Conference.Server.Api;

/// <summary>A page of search results; <see cref="Total"/> is present only when asked for (<c>includeTotal=true</c>).</summary>
public sealed record SearchPage(
    IReadOnlyList<TaskItem> Items,
    string? NextCursor,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Total);

/// <summary>
/// <c>GET /api/search</c>: each visible project's search index answers in parallel; results are ordered by project id,
/// then task id, and the cursor is the last (project, task) served, so walking the pages returns each match once.
/// </summary>
public static class SearchApi
{
    public const int MaxQuery = 200;

    public static RouteGroupBuilder MapSearchApi(this RouteGroupBuilder api)
    {
        api.MapGet("/search", Search).WithTags("Search").WithName("SearchTasks").WithPaging(QueryParameter.Text("q", "Required: the words (1–200 characters); the last one matches as a prefix."),
                QueryParameter.Enum<TaskItemStatus>("status", "Base status."), QueryParameter.Text("assignee", "Assignee's user id."),
                QueryParameter.Text("label", "Label (ignoring case)."), QueryParameter.Enum<TaskType>("type", "Type."),
                QueryParameter.Text("milestone", "Milestone id."), QueryParameter.Date("dueBefore", "Due strictly before this date."),
                QueryParameter.Flag("includeTotal", "Add the number of all matches."))
            .Produces<SearchPage>().ProducesValidationProblem();
        return api;
    }

    private static async Task<IResult> Search(HttpContext http, IGrainFactory grains, ProjectPolicy policy)
    {
        var query = new ListQuery(http.Request);
        var terms = Terms(http.Request, query);
        var limit = query.Int("limit", 1, PageRequest.MaxLimit) ?? PageRequest.DefaultLimit;
        var after = SearchCursor.TryDecode(http.Request.Query["cursor"].LastOrDefault(), out var cursor) ? cursor : Reject(query);
        var search = new SearchQuery(terms, query.Enum<TaskItemStatus>("status"), query.Id("assignee"), query.Label("label"),
            query.Enum<TaskType>("type"), query.Id("milestone"), query.Date("dueBefore"));
        var includeTotal = query.Bool("includeTotal") ?? false;
        if (query.Problem is { } problem) return problem;

        // Admins search every project, everyone else the projects they are a member of; results go in id order.
        var projects = await policy.VisibleIds(Caller.From(http));
        projects.Sort(StringComparer.Ordinal);
        var answers = await Task.WhenAll(projects.Select(projectId =>
        {
            var order = after is null ? 1 : string.CompareOrdinal(projectId, after.Value.ProjectId);
            return grains.GetGrain<ISearchIndexGrain>(projectId)
                .Search(search, order == 0 ? after!.Value.TaskId : null, order < 0 ? 0 : limit + 1);
        }));

        var hits = projects.Zip(answers).SelectMany(p => p.Second.TaskIds.Select(taskId => (ProjectId: p.First, TaskId: taskId)))
            .Take(limit + 1).ToList();
        var served = hits.Take(limit).ToList();
        var next = hits.Count > limit ? SearchCursor.Encode(served[^1]) : null;
        var tasks = await Task.WhenAll(served.Select(h => grains.GetGrain<ITaskGrain>(h.TaskId).Get()));
        var items = served.Zip(tasks).Where(t => t.Second.Value?.ProjectId == t.First.ProjectId).Select(t => t.Second.Value!).ToList();
        return TypedResults.Ok(new SearchPage(items, next, includeTotal ? answers.Sum(a => a.Total) : null));
    }

    private static (string ProjectId, string TaskId)? Reject(ListQuery query)
    {
        query.Reject("cursor", "'cursor' is not a cursor this API returned.");
        return null;
    }

    private static List<string> Terms(HttpRequest request, ListQuery query)
    {
        var q = request.Query["q"].LastOrDefault();
        if (string.IsNullOrEmpty(q) || q.Length > MaxQuery)
        {
            query.Reject("q", $"'q' must be 1 to {MaxQuery} characters.");
            return [];
        }
        var terms = SearchText.Tokens(q);
        if (terms.Count == 0) query.Reject("q", "'q' must contain a letter or a digit.");
        return terms;
    }

}

/// <summary>Search cursors: base64url of "projectId.taskId", the last result served.</summary>
internal static class SearchCursor
{
    public static string Encode((string ProjectId, string TaskId) last) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes($"{last.ProjectId}.{last.TaskId}"));

    public static bool TryDecode(string? text, out (string ProjectId, string TaskId)? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(text)) return true;
        if (text.Length > 100) return false;
        try
        {
            var parts = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(text)).Split('.');
            if (parts.Length != 2 || !ResourceIds.IsWellFormed(parts[0]) || !ResourceIds.IsWellFormed(parts[1])) return false;
            cursor = (parts[0], parts[1]);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}

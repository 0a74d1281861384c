using Conference.Common;

namespace Conference.Server.Api;

/// <summary>
/// The CRUD shapes shared by users, projects and tasks: status codes, ETags and Location. Each takes the
/// authorization check to run first (null = allowed), so the policy stays in one place per resource.
/// </summary>
public static class ResourceHandlers
{
    public delegate Task<IResult?> Check();

    public static readonly Check Allowed = () => Task.FromResult<IResult?>(null);

    public static async Task<IResult> Get<T>(HttpContext http, string resource, string id, Check authorize, Func<string, Task<Result<T>>> get)
        where T : class, IVersioned
    {
        if (!ResourceIds.IsWellFormed(id)) return Problems.NotFound(resource, id);
        if (await authorize() is { } denied) return denied;
        return Respond(http, await get(id), StatusCodes.Status200OK);
    }

    /// <param name="read">with an Idempotency-Key the id comes from the key: a retry whose first attempt committed
    /// (its answer lost) finds the resource under that id and answers with it instead of a conflict</param>
    public static async Task<IResult> Create<TInput, T>(HttpContext http, Check authorize,
        Func<TInput, string, Task<Result<T>>> create, Func<string, string> location, Func<string, Task<Result<T>>>? read = null)
        where TInput : class where T : class, IVersioned
    {
        if (await authorize() is { } denied) return denied;
        var body = await RequestBody.Read<TInput>(http.Request);
        if (body.Problem is { } problem) return problem;
        var derived = Edge.IdempotencyMiddleware.ResourceId(http);
        var id = derived ?? ResourceIds.New();
        var result = await create(body.Value!, id);
        if (result.Error is { Kind: ErrorKind.Conflict } && derived is not null && read is not null && (await read(id)).Value is { } existing)
            result = existing;
        if (result.Error is { } error) return Problems.From(error);
        Preconditions.SetETag(http.Response, result.Value!);
        return TypedResults.Created(location(id), result.Value);
    }

    public static async Task<IResult> Update<TInput, T>(HttpContext http, string resource, string id, Func<TInput, Task<IResult?>> authorize,
        Func<string, TInput, long?, Task<Result<T>>> update)
        where TInput : class where T : class, IVersioned
    {
        if (!ResourceIds.IsWellFormed(id)) return Problems.NotFound(resource, id);
        var body = await RequestBody.Read<TInput>(http.Request);
        if (body.Problem is { } problem) return problem;
        if (await authorize(body.Value!) is { } denied) return denied;
        return Respond(http, await update(id, body.Value!, Preconditions.ExpectedVersion(http.Request)), StatusCodes.Status200OK);
    }

    /// <summary>
    /// JSON merge patch (RFC 7396) over the resource's input shape. Without If-Match the patch applies to the
    /// version it was merged with, so a concurrent change answers 412 instead of being overwritten.
    /// </summary>
    public static async Task<IResult> Patch<TInput, T>(HttpContext http, string resource, string id, Check authorize,
        Func<string, Task<Result<T>>> get, Func<T, TInput> toInput, Func<string, TInput, long?, Task<Result<T>>> update)
        where TInput : class where T : class, IVersioned
    {
        if (!ResourceIds.IsWellFormed(id)) return Problems.NotFound(resource, id);
        if (await authorize() is { } denied) return denied;
        var current = await get(id);
        if (current.Error is { } missing) return Problems.From(missing);
        var expected = Preconditions.ExpectedVersion(http.Request) ?? current.Value!.Version;
        if (expected != current.Value!.Version) return Problems.From(ResourceError.Stale(expected, current.Value.Version));
        var body = await RequestBody.ReadMergePatch(http.Request, toInput(current.Value));
        if (body.Problem is { } problem) return problem;
        return Respond(http, await update(id, body.Value!, expected), StatusCodes.Status200OK);
    }

    public static async Task<IResult> Delete(HttpContext http, string resource, string id, Check authorize, Func<string, long?, Task<Result<long>>> delete)
    {
        if (!ResourceIds.IsWellFormed(id)) return Problems.NotFound(resource, id);
        if (await authorize() is { } denied) return denied;
        var result = await delete(id, Preconditions.ExpectedVersion(http.Request));
        return result.Error is { } error ? Problems.From(error) : TypedResults.NoContent();
    }

    /// <summary>Hydrates a catalog page of ids from the owner grains (read-your-writes; deleted ones drop out).</summary>
    public static async Task<IResult> List<T>(ListQuery query, Func<PageRequest, Task<Page<string>>> list, Func<string, Task<Result<T>>> get)
    {
        var page = query.Page();
        if (query.Problem is { } problem) return problem;
        var ids = await list(page);
        var items = await Task.WhenAll(ids.Items.Select(get));
        return TypedResults.Ok(new Page<T>(items.Where(r => r.IsSuccess).Select(r => r.Value!).ToList(), ids.NextCursor));
    }

    /// <summary>Every matching item (all catalog pages, hydrated), rendered by <paramref name="render"/>: exports ignore paging.</summary>
    public static async Task<IResult> Export<T>(ListQuery query, Func<string?, Task<Page<string>>> list, Func<string, Task<Result<T>>> get,
        Func<IReadOnlyList<T>, IResult> render)
    {
        query.Page();
        if (query.Problem is { } problem) return problem;
        var items = new List<T>();
        string? cursor = null;
        do
        {
            var ids = await list(cursor);
            items.AddRange((await Task.WhenAll(ids.Items.Select(get))).Where(r => r.IsSuccess).Select(r => r.Value!));
            cursor = ids.NextCursor;
        } while (cursor is not null);
        return render(items);
    }

    private static IResult Respond<T>(HttpContext http, Result<T> result, int status) where T : class, IVersioned
    {
        if (result.Error is { } error) return Problems.From(error);
        Preconditions.SetETag(http.Response, result.Value!);
        return TypedResults.Json(result.Value, statusCode: status);
    }
}

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

    public static async Task<IResult> Create<TInput, T>(HttpContext http, Check authorize,
        Func<TInput, string, Task<Result<T>>> create, Func<string, string> location)
        where TInput : class where T : class, IVersioned
    {
        if (await authorize() is { } denied) return denied;
        var body = await RequestBody.Read<TInput>(http.Request);
        if (body.Problem is { } problem) return problem;
        var id = ResourceIds.New();
        var result = await create(body.Value!, id);
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

    private static IResult Respond<T>(HttpContext http, Result<T> result, int status) where T : class, IVersioned
    {
        if (result.Error is { } error) return Problems.From(error);
        Preconditions.SetETag(http.Response, result.Value!);
        return TypedResults.Json(result.Value, statusCode: status);
    }
}

using Conference.Comments;
using Conference.Common;
using Conference.Server.Auth;
using Conference.Tasks;

namespace Conference.Server.Api;

public static class CommentsApi
{
    public static void MapTaskCommentsApi(this RouteGroupBuilder tasks)
    {
        tasks.MapGet("/{id}/comments", async (HttpContext http, string id, IGrainFactory grains, CommentPolicy policy) =>
            {
                if (await policy.CanRead(Caller.From(http), id) is { } denied) return denied;
                return await ListQuery.Paged(http, page => grains.GetGrain<ITaskCommentsGrain>(id).List(page));
            })
            .WithTags("Comments").WithName("ListTaskComments").WithPaging().Produces<Page<Comment>>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        tasks.MapPost("/{id}/comments", (HttpContext http, string id, IGrainFactory grains, CommentPolicy policy) =>
                ResourceHandlers.Create<CommentInput, Comment>(http, () => policy.CanWrite(Caller.From(http), id),
                    (input, commentId) => grains.GetGrain<ITaskGrain>(id).AddComment(commentId, Caller.From(http).UserId, input),
                    commentId => $"/api/tasks/{id}/comments/{commentId}"))
            .WithTags("Comments").WithName("CreateTaskComment").Accepts<CommentInput>("application/json").Produces<Comment>(StatusCodes.Status201Created)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        tasks.MapGet("/{id}/comments/{commentId}", (HttpContext http, string id, string commentId, IGrainFactory grains, CommentPolicy policy) =>
                ResourceHandlers.Get(http, "Comment", commentId, () => policy.CanRead(Caller.From(http), id),
                    key => grains.GetGrain<ITaskCommentsGrain>(id).Get(key)))
            .WithTags("Comments").WithName("GetTaskComment").Produces<Comment>().ProducesProblem(StatusCodes.Status404NotFound);

        tasks.MapPut("/{id}/comments/{commentId}", (HttpContext http, string id, string commentId, IGrainFactory grains, CommentPolicy policy) =>
                ResourceHandlers.Update<CommentInput, Comment>(http, "Comment", commentId, _ => policy.CanWrite(Caller.From(http), id),
                    (key, input, version) => grains.GetGrain<ITaskCommentsGrain>(id).Edit(key, Caller.From(http).UserId, input, version)))
            .WithTags("Comments").WithName("EditTaskComment").Accepts<CommentInput>("application/json").Produces<Comment>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);

        tasks.MapDelete("/{id}/comments/{commentId}", async (HttpContext http, string id, string commentId, IGrainFactory grains, CommentPolicy policy) =>
            {
                var (moderator, denied) = await policy.CanModerate(Caller.From(http), id);
                if (denied is not null) return denied;
                return await ResourceHandlers.Delete(http, "Comment", commentId, ResourceHandlers.Allowed,
                    (key, version) => grains.GetGrain<ITaskCommentsGrain>(id).Delete(key, Caller.From(http).UserId, moderator, version));
            })
            .WithTags("Comments").WithName("DeleteTaskComment").Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
    }
}

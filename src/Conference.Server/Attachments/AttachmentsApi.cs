using Conference.Attachments;
using Conference.Common;
using Conference.Server.Api;
using Conference.Server.Auth;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;

namespace Conference.Server.Attachments;

public static class AttachmentsApi
{
    public static RouteGroupBuilder MapTaskAttachmentsApi(this RouteGroupBuilder api)
    {
        var tasks = api.MapGroup("/tasks").WithTags("Attachments");

        tasks.MapGet("/{id}/attachments", async (HttpContext http, string id, IGrainFactory grains, AttachmentPolicy policy) =>
            {
                if (await policy.CanRead(Caller.From(http), id) is { } denied) return denied;
                return await ListQuery.Paged(http, page => grains.GetGrain<ITaskAttachmentsGrain>(id).List(page));
            })
            .WithName("ListTaskAttachments").WithPaging().Produces<Page<Attachment>>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        tasks.MapPost("/{id}/attachments", Upload)
            .WithName("UploadTaskAttachment").AddOpenApiOperationTransformer(DescribeUpload).Produces<Attachment>(StatusCodes.Status201Created)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        tasks.MapGet("/{id}/attachments/{attachmentId}", Download)
            .WithName("DownloadTaskAttachment").AddOpenApiOperationTransformer(DescribeDownload)
            .ProducesProblem(StatusCodes.Status404NotFound);

        tasks.MapDelete("/{id}/attachments/{attachmentId}", Delete)
            .WithName("DeleteTaskAttachment").Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    /// <summary>The stored bytes, with the content type sniffed at upload (any type; scripts are sent as text/plain).</summary>
    private static Task DescribeDownload(Microsoft.OpenApi.OpenApiOperation operation, Microsoft.AspNetCore.OpenApi.OpenApiOperationTransformerContext context, CancellationToken cancellation)
    {
        operation.Responses ??= [];
        operation.Responses["200"] = new Microsoft.OpenApi.OpenApiResponse
        {
            Description = "The attachment's bytes",
            Content = new Dictionary<string, Microsoft.OpenApi.OpenApiMediaType>
            {
                ["*/*"] = new() { Schema = new Microsoft.OpenApi.OpenApiSchema { Type = Microsoft.OpenApi.JsonSchemaType.String, Format = "binary" } },
            },
        };
        return Task.CompletedTask;
    }

    /// <summary>Bytes first, then metadata: a failed metadata write removes the object again, so nothing dangles.</summary>
    private static async Task<IResult> Upload(HttpContext http, string id, IGrainFactory grains, AttachmentPolicy policy,
        IAttachmentStore store, AttachmentOptions options, TimeProvider time, ILogger<AttachmentPolicy> log)
    {
        var caller = Caller.From(http);
        if (await policy.CanUpload(caller, id) is { } denied) return denied;
        var (file, problem) = await UploadReader.Read(http.Request, options.MaxBytes, http.RequestAborted);
        if (problem is not null) return problem;
        using (file)
        {
            var attachment = new Attachment(ResourceIds.New(), id, file!.FileName, file.ContentType, file.Size, file.Sha256,
                caller.UserId, time.GetUtcNow());
            var key = KeyOf(attachment);
            await store.Put(key, file.TempPath, file.Size, file.ContentType, CancellationToken.None);
            Result<Attachment> added;
            try
            {
                added = await grains.GetGrain<ITaskAttachmentsGrain>(id).Add(attachment);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                added = ResourceError.Unavailable($"Storage is unavailable: {ex.GetType().Name}.");
            }
            if (added.Error is { } error)
            {
                await TryDelete(store, key, log);
                return Problems.From(error);
            }
            AttachmentMetrics.RecordUpload(attachment.Size);
            return TypedResults.Created($"/api/tasks/{id}/attachments/{attachment.Id}", attachment);
        }
    }

    private static async Task<IResult> Download(HttpContext http, string id, string attachmentId, IGrainFactory grains,
        AttachmentPolicy policy, IAttachmentStore store)
    {
        if (!ResourceIds.IsWellFormed(attachmentId)) return Problems.NotFound("Attachment", attachmentId);
        if (await policy.CanRead(Caller.From(http), id) is { } denied) return denied;
        var found = await grains.GetGrain<ITaskAttachmentsGrain>(id).Get(attachmentId);
        return found.Error is { } error ? Problems.From(error) : new AttachmentDownload(found.Value!, store);
    }

    private static async Task<IResult> Delete(HttpContext http, string id, string attachmentId, IGrainFactory grains,
        AttachmentPolicy policy, IAttachmentStore store, ILogger<AttachmentPolicy> log)
    {
        if (!ResourceIds.IsWellFormed(attachmentId)) return Problems.NotFound("Attachment", attachmentId);
        var caller = Caller.From(http);
        var (moderator, denied) = await policy.CanDelete(caller, id);
        if (denied is not null) return denied;
        var removed = await grains.GetGrain<ITaskAttachmentsGrain>(id).Remove(attachmentId, caller.UserId, moderator);
        if (removed.Error is { } error) return Problems.From(error);
        // Metadata went first: if the object cannot be removed now it is an orphan, never a listed file without bytes.
        await TryDelete(store, KeyOf(removed.Value!), log);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// The multipart body in the OpenAPI document. Not Accepts(): that makes routing answer 415 before the policy
    /// runs, and a caller who may not see the task must get 404 whatever they send.
    /// </summary>
    private static Task DescribeUpload(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellation)
    {
        var file = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" };
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["multipart/form-data"] = new()
                {
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object, Required = new HashSet<string> { UploadReader.Field },
                        Properties = new Dictionary<string, IOpenApiSchema> { [UploadReader.Field] = file },
                    },
                },
            },
        };
        return Task.CompletedTask;
    }

    /// <summary>
    /// A deleted task takes its attachments with it: metadata first, then each object (one that cannot be removed now
    /// is logged as an orphan, never a listed file without bytes).
    /// </summary>
    public static async Task RemoveAllOf(string taskId, IGrainFactory grains, IAttachmentStore store, ILogger log)
    {
        foreach (var attachment in await grains.GetGrain<ITaskAttachmentsGrain>(taskId).RemoveAll())
        {
            await TryDelete(store, KeyOf(attachment), log);
        }
    }

    internal static string KeyOf(Attachment attachment) => $"{attachment.TaskId}/{attachment.Id}";

    private static async Task TryDelete(IAttachmentStore store, string key, ILogger log)
    {
        try
        {
            await store.Delete(key, CancellationToken.None);
        }
        catch (Exception ex)
        {
            log.LogWarning(ex, "Could not delete attachment object {Key}; it is orphaned.", key);
        }
    }

    /// <summary>
    /// Always a download, never rendered inline, with nosniff: whatever the bytes are (HTML, SVG), the browser does not
    /// interpret them in our origin.
    /// </summary>
    private sealed class AttachmentDownload(Attachment attachment, IAttachmentStore store) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            var found = await store.Read(KeyOf(attachment), async (stream, cancellation) =>
            {
                var response = http.Response;
                response.StatusCode = StatusCodes.Status200OK;
                response.ContentType = attachment.ContentType;
                response.ContentLength = attachment.Size;
                response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
                var disposition = new ContentDispositionHeaderValue("attachment");
                disposition.SetHttpFileName(attachment.FileName);
                response.Headers[HeaderNames.ContentDisposition] = disposition.ToString();
                response.Headers[HeaderNames.ETag] = $"\"{attachment.Sha256}\"";
                await stream.CopyToAsync(response.Body, cancellation);
            }, http.RequestAborted);
            if (!found) await Problems.NotFound("Attachment", attachment.Id).ExecuteAsync(http);
        }
    }
}

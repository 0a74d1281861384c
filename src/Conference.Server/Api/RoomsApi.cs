using Conference.Media;
using Conference.Catalogs;
using Conference.Common;
using Conference.Rooms;
using Conference.Server.Auth;

namespace Conference.Server.Api;

/// <summary>/api/rooms: create, list, read, end; participants and call history. Joining happens over the hub.</summary>
public static class RoomsApi
{
    public static RouteGroupBuilder MapRoomsApi(this RouteGroupBuilder api)
    {
        var rooms = api.MapGroup("/rooms").WithTags("Meetings");

        rooms.MapGet("/", async (HttpContext http, IGrainFactory grains, RoomPolicy policy) =>
            {
                var query = new ListQuery(http.Request);
                var filter = await policy.Visible(Caller.From(http), query.Enum<RoomStatus>("status"), query.Id("projectId"));
                return await ResourceHandlers.List(query,
                    page => grains.GetGrain<IRoomCatalogGrain>(CatalogKeys.All).List(filter, page),
                    id => grains.GetGrain<IRoomGrain>(id).Get());
            })
            .WithName("ListRooms").WithPaging(QueryParameter.Enum<RoomStatus>("status", "Only rooms in this status."), QueryParameter.Text("projectId", "Only the rooms of this project.")).Produces<Page<Room>>().ProducesValidationProblem();

        rooms.MapPost("/", async (HttpContext http, IGrainFactory grains, RoomPolicy policy) =>
            {
                var body = await RequestBody.Read<RoomInput>(http.Request);
                if (body.Problem is { } problem) return problem;
                var caller = Caller.From(http);
                if (await policy.CanCreate(caller, body.Value!) is { } denied) return denied;
                var id = ResourceIds.New();
                var created = await grains.GetGrain<IRoomGrain>(id).Create(body.Value!, caller.UserId);
                if (created.Error is { } error) return Problems.From(error);
                Preconditions.SetETag(http.Response, created.Value!);
                return TypedResults.Created($"/api/rooms/{id}", created.Value);
            })
            .WithName("CreateRoom").Accepts<RoomInput>("application/json").Produces<Room>(StatusCodes.Status201Created)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);

        rooms.MapGet("/{id}", (HttpContext http, string id, IGrainFactory grains, RoomPolicy policy) =>
                ResourceHandlers.Get(http, "Room", id, () => policy.CanRead(Caller.From(http), id), key => grains.GetGrain<IRoomGrain>(key).Get()))
            .WithName("GetRoom").Produces<Room>().ProducesProblem(StatusCodes.Status404NotFound);

        rooms.MapDelete("/{id}", (HttpContext http, string id, IGrainFactory grains, RoomPolicy policy) =>
                ResourceHandlers.Delete(http, "Room", id, () => policy.CanEnd(Caller.From(http), id),
                    async (key, version) => await grains.GetGrain<IRoomGrain>(key).End(version) is { Error: { } error } ? error : new Result<long>(0, null)))
            .WithName("EndRoom").Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed);

        rooms.MapGet("/{id}/participants", async (HttpContext http, string id, IGrainFactory grains, RoomPolicy policy) =>
                await policy.CanRead(Caller.From(http), id) is { } denied
                    ? denied
                    : TypedResults.Ok((await grains.GetGrain<IRoomGrain>(id).GetParticipants()).Value))
            .WithName("ListRoomParticipants").Produces<IReadOnlyList<Participant>>().ProducesProblem(StatusCodes.Status404NotFound);

        rooms.MapGet("/{id}/sessions", async (HttpContext http, string id, IGrainFactory grains, RoomPolicy policy) =>
            {
                if (await policy.CanRead(Caller.From(http), id) is { } denied) return denied;
                var query = new ListQuery(http.Request);
                var page = query.Page();
                if (query.Problem is { } problem) return problem;
                return TypedResults.Ok((await grains.GetGrain<IRoomGrain>(id).GetSessions(page)).Value);
            })
            .WithName("ListRoomSessions").WithPaging().Produces<Page<CallSession>>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        rooms.MapPost("/{id}/invites", async (HttpContext http, string id, RoomPolicy policy, RoomInvites invites) =>
            {
                if (await policy.CanEnd(Caller.From(http), id) is { } denied) return denied;
                var body = await RequestBody.Read<InviteInput>(http.Request);
                if (body.Problem is { } problem) return problem;
                var minutes = body.Value!.ExpiresInMinutes ?? (int)RoomInvites.DefaultLifetime.TotalMinutes;
                if (minutes < 1 || minutes > RoomInvites.MaxLifetime.TotalMinutes)
                    return Problems.Invalid("expiresInMinutes", $"'expiresInMinutes' must be from 1 to {(int)RoomInvites.MaxLifetime.TotalMinutes}.");
                return TypedResults.Created($"/api/rooms/{id}", invites.Issue(id, TimeSpan.FromMinutes(minutes)));
            })
            .WithName("CreateRoomInvite").Accepts<InviteInput>("application/json").Produces<RoomInvite>(StatusCodes.Status201Created)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);

        rooms.MapGet("/{id}/media", async (HttpContext http, string id, IGrainFactory grains, RoomPolicy policy) =>
                UserPolicy.CanManage(Caller.From(http)) ?? await policy.CanRead(Caller.From(http), id)
                    ?? TypedResults.Ok(await (await grains.CurrentRouter(id)).Describe()))
            .WithName("GetRoomMedia").Produces<Conference.Media.RouterInfo>().ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        rooms.MapChatApi();
        return api;
    }

    /// <summary>Chat for integrators: history (newest first, or what came after a message) and posting.</summary>
    private static void MapChatApi(this RouteGroupBuilder rooms)
    {
        rooms.MapGet("/{id}/messages", async (HttpContext http, string id, IGrainFactory grains, RoomPolicy policy) =>
            {
                if (await policy.CanRead(Caller.From(http), id) is { } denied) return denied;
                var chat = grains.GetGrain<Conference.Chat.IChatGrain>(id);
                if (http.Request.Query["since"] is { Count: > 0 } since)
                {
                    var gap = await chat.Since(since[^1]!);
                    return gap.Error is { } error ? Problems.From(error) : TypedResults.Ok(new Page<Conference.Chat.ChatMessage>(gap.Value!, null));
                }
                var query = new ListQuery(http.Request);
                var page = query.Page();
                if (http.Request.Query["before"] is { Count: > 0 } before)
                    page = Conference.Chat.ChatMessageIds.TryParse(before[^1], out var sequence)
                        ? page with { Cursor = PageCursor.Encode(sequence) }
                        : page with { Cursor = "\u0000" };
                if (!PageCursor.TryDecode(page.Cursor, out _)) return Problems.Invalid("before", "'before' must be a message id.");
                if (query.Problem is { } problem) return problem;
                return TypedResults.Ok(await chat.History(page));
            })
            .WithName("ListRoomMessages").WithPaging().Produces<Page<Conference.Chat.ChatMessage>>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        rooms.MapPost("/{id}/messages", async (HttpContext http, string id, IGrainFactory grains, RoomPolicy policy) =>
            {
                var caller = Caller.From(http);
                if (await policy.CanChat(caller, id) is { } denied) return denied;
                var body = await RequestBody.Read<Conference.Chat.ChatInput>(http.Request);
                if (body.Problem is { } problem) return problem;
                var author = new Conference.Chat.ChatAuthor(caller.UserId, http.User.FindFirst("name")?.Value ?? caller.UserId);
                var sent = await grains.GetGrain<Conference.Chat.IChatGrain>(id).Send(author, body.Value!);
                return sent.Error is { } error ? Problems.From(error) : TypedResults.Created($"/api/rooms/{id}/messages/{sent.Value!.Id}", sent.Value);
            })
            .WithName("PostRoomMessage").Accepts<Conference.Chat.ChatInput>("application/json").Produces<Conference.Chat.ChatMessage>(StatusCodes.Status201Created)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
    }
}

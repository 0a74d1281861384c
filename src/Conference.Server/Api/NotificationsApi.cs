using Conference.Common;
using Conference.Notifications;
using Conference.Server.Auth;

namespace Conference.Server.Api;

/// <summary>The caller's own notifications; nobody reads or changes another user's (see <see cref="NotificationPolicy"/>).</summary>
public static class NotificationsApi
{
    public static RouteGroupBuilder MapNotificationsApi(this RouteGroupBuilder api)
    {
        var notifications = api.MapGroup("/notifications").WithTags("Notifications");

        notifications.MapGet("/", async (HttpContext http, IGrainFactory grains) =>
            {
                var query = new ListQuery(http.Request);
                var unread = query.Bool("unread") ?? false;
                var page = query.Page();
                if (query.Problem is { } problem) return problem;
                return TypedResults.Ok(await Inbox(http, grains).List(unread, page));
            })
            .WithName("ListNotifications").WithPaging(QueryParameter.Flag("unread", "Only unread notifications.")).Produces<Page<Notification>>().ProducesValidationProblem();

        notifications.MapPatch("/{id}", async (HttpContext http, string id, IGrainFactory grains) =>
            {
                var body = await RequestBody.Read<NotificationReadInput>(http.Request);
                if (body.Problem is { } problem) return problem;
                if (body.Value!.Read is not { } read) return Problems.Invalid("read", "'read' is required.");
                var result = await Inbox(http, grains).SetRead(id, read);
                return result.Error is { } error ? Problems.From(error) : TypedResults.Ok(result.Value);
            })
            .WithName("MarkNotification").Accepts<NotificationReadInput>("application/merge-patch+json", "application/json")
            .Produces<Notification>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        notifications.MapPost("/read-all", async (HttpContext http, IGrainFactory grains) =>
                TypedResults.Ok(new MarkedRead(await Inbox(http, grains).MarkAllRead())))
            .WithName("MarkAllNotificationsRead").Produces<MarkedRead>();

        return api;
    }

    public sealed record MarkedRead(int Updated);

    private static IUserNotificationsGrain Inbox(HttpContext http, IGrainFactory grains) =>
        grains.GetGrain<IUserNotificationsGrain>(NotificationPolicy.InboxOf(Caller.From(http)));
}

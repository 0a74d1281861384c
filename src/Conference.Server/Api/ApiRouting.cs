using Conference.Server.Meetings;
using Conference.Server.Attachments;
using Conference.Server.Recordings;
using Conference.Server.Auth;
using Conference.Server.Rtc;

namespace Conference.Server.Api;

public static class ApiRouting
{
    public static WebApplicationBuilder AddConferenceApi(this WebApplicationBuilder builder)
    {
        builder.Services.ConfigureHttpJsonOptions(o => JsonSetup.Apply(o.SerializerOptions));
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ClientFaults>();
        builder.Services.AddOpenApi(OpenApiContract.Describe);
        builder.Services.AddSingleton<Auth.ProjectPolicy>();
        builder.Services.AddSingleton<Auth.RoomPolicy>();
        builder.Services.AddSingleton<Auth.RoomInvites>();
        builder.Services.AddSingleton(builder.Configuration.GetSection(Rtc.RtcOptions.Section).Get<Rtc.RtcOptions>() ?? new Rtc.RtcOptions());
        builder.Services.AddSingleton<Auth.TaskPolicy>();
        builder.Services.AddSingleton<Auth.MilestonePolicy>();
        builder.Services.AddSingleton<Auth.CommentPolicy>();
        builder.AddConferenceAttachments();
        builder.AddConferenceRecordings();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = RequestBody.MaxBytes + 1);
        return builder;
    }

    /// <summary>The integrators' REST API under /api and its OpenAPI document at /openapi/v1.json.</summary>
    public static WebApplication MapConferenceApi(this WebApplication app)
    {
        app.MapOpenApi().AllowAnonymous();
        app.MapGroup("/api")
            .AddEndpointFilter(Preconditions.CheckNoneMatch)
            .MapAuthApi()
            .MapUsersApi()
            .MapProjectsApi()
            .MapTasksApi()
            .MapRoomsApi()
            .MapMeetingsApi()
            .MapRecordingsApi()
            .MapPresenceApi()
            .MapMilestonesApi()
            .MapActivityApi()
            .MapReportsApi()
            .MapWorkflowsApi()
            .MapNotificationsApi()
            .MapTaskAttachmentsApi()
            .MapSearchApi()
            .MapWebhooksApi()
            .MapSilosApi()
            .MapRtcApi();
        return app;
    }
}

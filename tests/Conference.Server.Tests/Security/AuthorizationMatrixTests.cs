using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Conference.Server.Tests.Support;

namespace Conference.Server.Tests.Security;

/// <summary>
/// Every route of the OpenAPI document × {anonymous, guest, member of another project, project member, admin}, and
/// the contract test: every answer, good path and bad input, checked against the document. A route missing from the
/// table or from the document fails, so new endpoints must state their rules here and describe themselves there.
/// </summary>
[Trait("Category", "Security")]
public sealed class AuthorizationMatrixTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static readonly string[] Callers = ["anonymous", "guest", "other", "member", "admin"];

    private sealed record Case(string Method, string Route, int[] Expected, Func<Setup, string, Task<string>> Url, string? Body = null);

    /// <summary>Resources the cases act on: project P with task T; guest G and member M belong to P, O to another project.</summary>
    private sealed class Setup
    {
        public required HttpClient Admin;
        public required Dictionary<string, (string Id, HttpClient Client)> Users;
        public required string ProjectId, TaskId, UserId, RoomId, MilestoneId, CommentId, SessionId;

        public async Task<string> NewMessage() =>
            (await Admin.Create($"/api/rooms/{RoomId}/messages", """{"text":"Follow up"}""")).Id();

        public async Task<string> NewRoom() =>
            (await Admin.Create("/api/rooms", $$"""{"name":"Throwaway","projectId":"{{ProjectId}}"}""")).Id();

        public async Task<string> NewProject(string caller)
        {
            var id = (await Admin.Create("/api/projects", """{"name":"Throwaway"}""")).Id();
            if (caller is "guest" or "member")
                await Admin.Create($"/api/projects/{id}/members", $$"""{"userId":"{{Users[caller].Id}}"}""");
            return id;
        }

        /// <summary>A comment on T written by the caller when they can write one, else by the admin.</summary>
        public async Task<string> NewComment(string caller)
        {
            var author = caller is "member" ? Users[caller].Client : Admin;
            return (await author.Create($"/api/tasks/{TaskId}/comments", """{"text":"Hi"}""")).Id();
        }

        /// <summary>A room in P whose recording the admin started (and stopped, when <paramref name="stop"/>): its path and the recording id.</summary>
        public async Task<(string Room, string Recording)> NewRecording(bool stop)
        {
            var room = await NewRoom();
            var recording = (await Admin.Create($"/api/rooms/{room}/recording", "{}")).Id();
            if (stop) (await Admin.DeleteAsync($"/api/rooms/{room}/recording")).EnsureSuccessStatusCode();
            return ($"/api/rooms/{room}", recording);
        }

        public async Task<string> NewUser() =>
            (await Admin.Create("/api/users", $$"""{"name":"X","email":"{{HttpJson.UniqueEmail("x")}}"}""")).Id();
    }

    private static readonly Case[] Cases =
    [
        new("GET", "/api/me", [401, 200, 200, 200, 200], (s, _) => Task.FromResult("/api/me")),
        // Operations: admins only. Draining a real silo would stop this test's server: an unknown id is 404 for an admin.
        new("GET", "/api/admin/silos", [401, 403, 403, 403, 200], (s, _) => Task.FromResult("/api/admin/silos")),
        new("POST", "/api/admin/silos/{id}/drain", [401, 403, 403, 403, 404], (s, _) => Task.FromResult("/api/admin/silos/no-such-silo/drain")),
        new("GET", "/api/users", [401, 403, 200, 200, 200], (s, _) => Task.FromResult("/api/users")),
        new("POST", "/api/users", [401, 403, 403, 403, 201], (s, _) => Task.FromResult("/api/users"),
            """{"name":"N","email":"EMAIL","role":"member"}"""),
        new("GET", "/api/users/{id}", [401, 404, 200, 200, 200], (s, _) => Task.FromResult($"/api/users/{s.UserId}")),
        new("PUT", "/api/users/{id}", [401, 404, 403, 403, 200], async (s, _) => $"/api/users/{await s.NewUser()}",
            """{"name":"Renamed","email":"EMAIL"}"""),
        new("DELETE", "/api/users/{id}", [401, 403, 403, 403, 204], async (s, _) => $"/api/users/{await s.NewUser()}"),
        new("GET", "/api/projects", [401, 200, 200, 200, 200], (s, _) => Task.FromResult("/api/projects")),
        new("POST", "/api/projects", [401, 403, 201, 201, 201], (s, _) => Task.FromResult("/api/projects"), """{"name":"Mine"}"""),
        new("GET", "/api/projects/{id}", [401, 200, 404, 200, 200], (s, _) => Task.FromResult($"/api/projects/{s.ProjectId}")),
        new("PUT", "/api/projects/{id}", [401, 403, 404, 200, 200], (s, _) => Task.FromResult($"/api/projects/{s.ProjectId}"), """{"name":"P2"}"""),
        new("DELETE", "/api/projects/{id}", [401, 403, 404, 403, 204], async (s, c) => $"/api/projects/{await s.NewProject(c)}"),
        new("GET", "/api/projects/{id}/tasks", [401, 200, 404, 200, 200], (s, _) => Task.FromResult($"/api/projects/{s.ProjectId}/tasks")),
        new("POST", "/api/projects/{id}/tasks", [401, 403, 404, 201, 201], (s, _) => Task.FromResult($"/api/projects/{s.ProjectId}/tasks"), """{"name":"T2"}"""),
        new("GET", "/api/projects/{id}/members", [401, 200, 404, 200, 200], (s, _) => Task.FromResult($"/api/projects/{s.ProjectId}/members")),
        new("POST", "/api/projects/{id}/members", [401, 403, 404, 403, 201], (s, _) => Task.FromResult($"/api/projects/{s.ProjectId}/members"),
            """{"userId":"USER"}"""),
        new("DELETE", "/api/projects/{id}/members/{userId}", [401, 403, 404, 403, 204], async (s, c) =>
        {
            var projectId = await s.NewProject(c);
            var userId = await s.NewUser();
            await s.Admin.Create($"/api/projects/{projectId}/members", $$"""{"userId":"{{userId}}"}""");
            return $"/api/projects/{projectId}/members/{userId}";
        }),
        new("GET", "/api/rtc/ice-servers", [401, 200, 200, 200, 200], (s, _) => Task.FromResult("/api/rtc/ice-servers")),
        new("GET", "/api/presence", [401, 200, 200, 200, 200], (s, _) => Task.FromResult($"/api/presence?userIds={s.UserId}")),
        new("GET", "/api/rooms", [401, 200, 200, 200, 200], (s, _) => Task.FromResult("/api/rooms")),
        new("POST", "/api/rooms", [401, 403, 400, 201, 201], (s, _) => Task.FromResult("/api/rooms"), """{"name":"R","projectId":"PROJECT"}"""),
        new("GET", "/api/rooms/{id}", [401, 200, 404, 200, 200], (s, _) => Task.FromResult($"/api/rooms/{s.RoomId}")),
        new("DELETE", "/api/rooms/{id}", [401, 403, 404, 403, 204], async (s, _) => $"/api/rooms/{await s.NewRoom()}"),
        new("GET", "/api/rooms/{id}/participants", [401, 200, 404, 200, 200], (s, _) => Task.FromResult($"/api/rooms/{s.RoomId}/participants")),
        new("POST", "/api/rooms/{id}/invites", [401, 403, 404, 403, 201], (s, _) => Task.FromResult($"/api/rooms/{s.RoomId}/invites"), """{"expiresInMinutes":60}"""),
        new("GET", "/api/rooms/{id}/media", [401, 403, 403, 403, 200], (s, _) => Task.FromResult($"/api/rooms/{s.RoomId}/media")),
        new("GET", "/api/rooms/{id}/messages", [401, 200, 404, 200, 200], (s, _) => Task.FromResult($"/api/rooms/{s.RoomId}/messages")),
        new("POST", "/api/rooms/{id}/messages", [401, 403, 404, 201, 201], (s, _) => Task.FromResult($"/api/rooms/{s.RoomId}/messages"), """{"text":"hi"}"""),
        new("GET", "/api/rooms/{id}/sessions", [401, 200, 404, 200, 200], (s, _) => Task.FromResult($"/api/rooms/{s.RoomId}/sessions")),
        new("POST", "/api/rooms/{id}/messages/{messageId}/task", [401, 403, 404, 201, 201],
            async (s, _) => $"/api/rooms/{s.RoomId}/messages/{await s.NewMessage()}/task", "{}"),
        new("GET", "/api/rooms/{id}/meetings", [401, 200, 404, 200, 200], (s, _) => Task.FromResult($"/api/rooms/{s.RoomId}/meetings")),
        new("GET", "/api/rooms/{id}/meetings/{sessionId}", [401, 200, 404, 200, 200],
            (s, _) => Task.FromResult($"/api/rooms/{s.RoomId}/meetings/{s.SessionId}")),
        new("GET", "/api/projects/{id}/meetings", [401, 200, 404, 200, 200], (s, _) => Task.FromResult($"/api/projects/{s.ProjectId}/meetings")),
        // Recording: the room's host (creator, project admin) or an admin starts/stops and deletes; whoever sees the room lists and downloads.
        new("POST", "/api/rooms/{id}/recording", [401, 403, 404, 403, 201], async (s, _) => $"/api/rooms/{await s.NewRoom()}/recording"),
        new("DELETE", "/api/rooms/{id}/recording", [401, 403, 404, 403, 200], async (s, _) => $"{(await s.NewRecording(stop: false)).Room}/recording"),
        new("GET", "/api/rooms/{id}/recordings", [401, 200, 404, 200, 200], (s, _) => Task.FromResult($"/api/rooms/{s.RoomId}/recordings")),
        new("GET", "/api/rooms/{id}/recordings/{recordingId}", [401, 200, 404, 200, 200], async (s, _) =>
            await s.NewRecording(stop: true) is var (room, recording) ? $"{room}/recordings/{recording}" : ""),
        new("DELETE", "/api/rooms/{id}/recordings/{recordingId}", [401, 403, 404, 403, 204], async (s, _) =>
            await s.NewRecording(stop: true) is var (room, recording) ? $"{room}/recordings/{recording}" : ""),
        new("GET", "/api/tasks/{id}", [401, 200, 404, 200, 200], (s, _) => Task.FromResult($"/api/tasks/{s.TaskId}")),
        new("PUT", "/api/tasks/{id}", [401, 403, 404, 200, 200], (s, _) => Task.FromResult($"/api/tasks/{s.TaskId}"), """{"name":"T renamed"}"""),
        new("DELETE", "/api/tasks/{id}", [401, 403, 404, 204, 204], async (s, _) =>
            $"/api/tasks/{(await s.Admin.Create($"/api/projects/{s.ProjectId}/tasks", """{"name":"Doomed"}""")).Id()}"),
        new("PATCH", "/api/tasks/{id}", [401, 403, 404, 200, 200], (s, _) => Task.FromResult($"/api/tasks/{s.TaskId}"), """{"estimate":3}"""),
        new("GET", "/api/tasks/{id}/comments", [401, 200, 404, 200, 200], (s, _) => Task.FromResult($"/api/tasks/{s.TaskId}/comments")),
        new("POST", "/api/tasks/{id}/comments", [401, 403, 404, 201, 201], (s, _) => Task.FromResult($"/api/tasks/{s.TaskId}/comments"), """{"text":"Hi"}"""),
        new("GET", "/api/tasks/{id}/comments/{commentId}", [401, 200, 404, 200, 200], (s, _) => Task.FromResult($"/api/tasks/{s.TaskId}/comments/{s.CommentId}")),
        new("PUT", "/api/tasks/{id}/comments/{commentId}", [401, 403, 404, 200, 200], async (s, c) => $"/api/tasks/{s.TaskId}/comments/{await s.NewComment(c)}",
            """{"text":"Edited"}"""),
        new("DELETE", "/api/tasks/{id}/comments/{commentId}", [401, 403, 404, 204, 204], async (s, c) => $"/api/tasks/{s.TaskId}/comments/{await s.NewComment(c)}"),
        new("GET", "/api/tasks/{id}/history", [401, 200, 404, 200, 200], (s, _) => Task.FromResult($"/api/tasks/{s.TaskId}/history")),
        new("GET", "/api/projects/{id}/activity", [401, 200, 404, 200, 200], (s, _) => Task.FromResult($"/api/projects/{s.ProjectId}/activity")),
        new("GET", "/api/tasks/{id}/watchers", [401, 200, 404, 200, 200], (s, _) => Task.FromResult($"/api/tasks/{s.TaskId}/watchers")),
        new("POST", "/api/tasks/{id}/watchers", [401, 200, 404, 200, 200], (s, _) => Task.FromResult($"/api/tasks/{s.TaskId}/watchers")),
        new("DELETE", "/api/tasks/{id}/watchers", [401, 204, 404, 204, 204], (s, _) => Task.FromResult($"/api/tasks/{s.TaskId}/watchers")),
        new("GET", "/api/notifications", [401, 200, 200, 200, 200], (s, _) => Task.FromResult("/api/notifications")),
        // Only one's own notifications exist for one: an id from nobody's inbox is 404 for everyone.
        new("PATCH", "/api/notifications/{id}", [401, 404, 404, 404, 404], (s, _) => Task.FromResult("/api/notifications/nosuchnotification"), """{"read":true}"""),
        new("POST", "/api/notifications/read-all", [401, 200, 200, 200, 200], (s, _) => Task.FromResult("/api/notifications/read-all")),
        new("GET", "/api/projects/{id}/report", [401, 200, 404, 200, 200], (s, _) => Task.FromResult($"/api/projects/{s.ProjectId}/report")),
        new("GET", "/api/projects/{id}/report/burndown", [401, 200, 404, 200, 200], (s, _) => Task.FromResult($"/api/projects/{s.ProjectId}/report/burndown")),
        new("GET", "/api/projects/{id}/report/velocity", [401, 200, 404, 200, 200], (s, _) => Task.FromResult($"/api/projects/{s.ProjectId}/report/velocity")),
        new("GET", "/api/projects/{id}/report/cycle-time", [401, 200, 404, 200, 200], (s, _) => Task.FromResult($"/api/projects/{s.ProjectId}/report/cycle-time")),
        new("GET", "/api/projects/{id}/roadmap", [401, 200, 404, 200, 200], (s, _) => Task.FromResult($"/api/projects/{s.ProjectId}/roadmap")),
        new("GET", "/api/projects/{id}/workflow", [401, 200, 404, 200, 200], (s, _) => Task.FromResult($"/api/projects/{s.ProjectId}/workflow")),
        new("PUT", "/api/projects/{id}/workflow", [401, 403, 404, 403, 200], (s, _) => Task.FromResult($"/api/projects/{s.ProjectId}/workflow"),
            """{"statuses":[{"key":"todo","name":"Open","category":"todo"},{"key":"in_progress","name":"Doing","category":"in_progress"},{"key":"in_review","name":"Review","category":"in_progress"},{"key":"done","name":"Done","category":"done"},{"key":"cancelled","name":"Dropped","category":"cancelled"}]}"""),
        new("GET", "/api/projects/{id}/labels", [401, 200, 404, 200, 200], (s, _) => Task.FromResult($"/api/projects/{s.ProjectId}/labels")),
        new("GET", "/api/projects/{id}/milestones", [401, 200, 404, 200, 200], (s, _) => Task.FromResult($"/api/projects/{s.ProjectId}/milestones")),
        new("POST", "/api/projects/{id}/milestones", [401, 403, 404, 201, 201], (s, _) => Task.FromResult($"/api/projects/{s.ProjectId}/milestones"), """{"name":"M2"}"""),
        new("GET", "/api/milestones/{id}", [401, 200, 404, 200, 200], (s, _) => Task.FromResult($"/api/milestones/{s.MilestoneId}")),
        new("PUT", "/api/milestones/{id}", [401, 403, 404, 200, 200], (s, _) => Task.FromResult($"/api/milestones/{s.MilestoneId}"), """{"name":"M renamed"}"""),
        new("DELETE", "/api/milestones/{id}", [401, 403, 404, 204, 204], async (s, _) =>
            $"/api/milestones/{(await s.Admin.Create($"/api/projects/{s.ProjectId}/milestones", """{"name":"Doomed"}""")).Id()}"),
        new("GET", "/api/tasks/{id}/attachments", [401, 200, 404, 200, 200], (s, _) => Task.FromResult($"/api/tasks/{s.TaskId}/attachments")),
        new("POST", "/api/tasks/{id}/attachments", [401, 403, 404, 415, 415], (s, _) => Task.FromResult($"/api/tasks/{s.TaskId}/attachments"), """{"file":"not multipart"}"""),
        new("GET", "/api/tasks/{id}/attachments/{attachmentId}", [401, 200, 404, 200, 200], async (s, _) => $"/api/tasks/{s.TaskId}/attachments/{await Attachments.AttachmentUploads.NewAttachment(s.Admin, s.TaskId)}"),
        new("DELETE", "/api/tasks/{id}/attachments/{attachmentId}", [401, 403, 404, 204, 204], async (s, c) =>
            $"/api/tasks/{s.TaskId}/attachments/{await Attachments.AttachmentUploads.NewAttachment(c is "member" ? s.Users[c].Client : s.Admin, s.TaskId)}"),
        new("GET", "/api/search", [401, 200, 200, 200, 200], (s, _) => Task.FromResult("/api/search?q=task")),
        // Webhooks are the project owners' (and admins'): members and guests 403, other projects' users 404.
        new("GET", "/api/projects/{id}/webhooks", [401, 403, 404, 403, 200], (s, _) => Task.FromResult($"/api/projects/{s.ProjectId}/webhooks")),
        new("POST", "/api/projects/{id}/webhooks", [401, 403, 404, 403, 201], (s, _) => Task.FromResult($"/api/projects/{s.ProjectId}/webhooks"),
            Webhooks.WebhookRequests.Body("http://127.0.0.1:9/hook", "milestone.updated")),
        new("GET", "/api/projects/{id}/webhooks/{webhookId}", [401, 403, 404, 403, 200], async (s, _) =>
            $"/api/projects/{s.ProjectId}/webhooks/{await Webhooks.WebhookRequests.NewWebhook(s.Admin, s.ProjectId)}"),
        new("DELETE", "/api/projects/{id}/webhooks/{webhookId}", [401, 403, 404, 403, 204], async (s, _) =>
            $"/api/projects/{s.ProjectId}/webhooks/{await Webhooks.WebhookRequests.NewWebhook(s.Admin, s.ProjectId)}"),
        new("GET", "/api/projects/{id}/webhooks/{webhookId}/deliveries", [401, 403, 404, 403, 200], async (s, _) =>
            $"/api/projects/{s.ProjectId}/webhooks/{await Webhooks.WebhookRequests.NewWebhook(s.Admin, s.ProjectId)}/deliveries"),
    ];

    private static readonly string[] AnonymousRoutes =
        ["POST /api/auth/register", "POST /api/auth/login", "POST /api/auth/refresh", "POST /api/auth/logout",
            "GET /api/recordings/files/{token}"]; // the time-limited token is the credential (RecordingsTests)

    /// <summary>
    /// The contract test (issue 12, item 15): every answer of the matrix — the admin's good path, the others' refusals —
    /// is also checked against the OpenAPI document (status, content type, body schema).
    /// </summary>
    [Fact]
    public async Task Every_route_answers_each_kind_of_caller_as_the_policy_says_and_the_document_describes()
    {
        var setup = await Arrange();
        var anonymous = factory.CreateClient();
        var contract = await OpenApiResponses.Load(anonymous);
        var failures = new List<string>();

        foreach (var @case in Cases)
        {
            for (var i = 0; i < Callers.Length; i++)
            {
                var caller = Callers[i];
                var client = caller switch { "anonymous" => anonymous, "admin" => setup.Admin, _ => setup.Users[caller].Client };
                var response = await Send(client, @case, await @case.Url(setup, caller), @case.Body, setup);
                var status = (int)response.StatusCode;
                if (status != @case.Expected[i])
                    failures.Add($"{@case.Method} {@case.Route} as {caller}: {status}, expected {@case.Expected[i]}");
                if (await contract.Mismatch(@case.Method, @case.Route, response) is { } mismatch) failures.Add($"as {caller}: {mismatch}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>
    /// Bad input on every operation: an unknown id where the route has one, a body with an unknown field where it takes
    /// one, limit=0 where it pages, a forged token otherwise. Each answer is a documented 4xx, never a 5xx.
    /// </summary>
    [Fact]
    public async Task Every_operation_answers_bad_input_with_a_documented_4xx()
    {
        var setup = await Arrange();
        var contract = await OpenApiResponses.Load(setup.Admin);
        var forged = factory.CreateClient();
        forged.DefaultRequestHeaders.Authorization = new("Bearer", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl");
        var failures = new List<string>();

        foreach (var @case in Cases)
        {
            var operation = contract.Document["paths"]![@case.Route]?[@case.Method.ToLowerInvariant()];
            var pages = operation?["parameters"]?.AsArray().Any(p => p?["name"]?.GetValue<string>() == "limit") == true;
            HttpResponseMessage response;
            if (@case.Route.Contains('{'))
                response = await Send(setup.Admin, @case, System.Text.RegularExpressions.Regex.Replace(@case.Route, "{[^}]+}", "nosuchresource"), @case.Body, setup);
            else if (@case.Body is not null)
                response = await Send(setup.Admin, @case, await @case.Url(setup, "admin"), """{"unknownField":1}""", setup);
            else if (pages)
                response = await Send(setup.Admin, @case, (await @case.Url(setup, "admin")) is var url && url.Contains('?') ? url + "&limit=0" : url + "?limit=0", null, setup);
            else
                response = await Send(forged, @case, await @case.Url(setup, "admin"), null, setup);
            if ((int)response.StatusCode is < 400 or >= 500)
                failures.Add($"{@case.Method} {@case.Route} with bad input: {(int)response.StatusCode}");
            if (await contract.Mismatch(@case.Method, @case.Route, response) is { } mismatch) failures.Add(mismatch);
        }
        var upload = await Attachments.AttachmentUploads.Upload(setup.Admin, setup.TaskId, Attachments.AttachmentUploads.Text("contract"), "c.txt");
        if (await contract.Mismatch("POST", "/api/tasks/{id}/attachments", upload) is { } uploaded) failures.Add(uploaded);

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>A route the server maps under /api without describing it in the document fails here.</summary>
    [Fact]
    public async Task Every_mapped_api_route_is_in_the_openapi_document()
    {
        var document = (await factory.CreateClient().GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
        var documented = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(op => $"{op.Key.ToUpperInvariant()} {path.Key}")).ToHashSet();
        var mapped = ((Microsoft.AspNetCore.Routing.EndpointDataSource)factory.Services.GetService(typeof(Microsoft.AspNetCore.Routing.EndpointDataSource))!)
            .Endpoints.OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IHttpMethodMetadata>()?.HttpMethods ?? ["ANY"])
                .Select(m => $"{m} {e.RoutePattern.RawText!.TrimEnd('/')}"))
            .ToList();

        Assert.Empty(mapped.Where(r => !documented.Contains(r)));
    }

    private static async Task<HttpResponseMessage> Send(HttpClient client, Case @case, string url, string? body, Setup setup)
    {
        var request = new HttpRequestMessage(new HttpMethod(@case.Method), url);
        if (body is not null)
            request.Content = new StringContent(body.Replace("EMAIL", HttpJson.UniqueEmail("m")).Replace("USER", await setup.NewUser()).Replace("PROJECT", setup.ProjectId),
                Encoding.UTF8, "application/json");
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task The_table_covers_every_route_in_the_openapi_document()
    {
        var document = (await factory.CreateClient().GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
        var routes = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(op => $"{op.Key.ToUpperInvariant()} {path.Key}"))
            .Where(r => r.Contains(" /api/"))
            .Order().ToList();

        var covered = Cases.Select(c => $"{c.Method} {c.Route}").Concat(AnonymousRoutes).Order().ToList();

        Assert.Equal(covered, routes);
    }

    private async Task<Setup> Arrange()
    {
        var admin = factory.CreateAdminClient();
        var users = new Dictionary<string, (string, HttpClient)>
        {
            ["guest"] = await factory.CreateUserClient("guest"),
            ["other"] = await factory.CreateUserClient("member"),
            ["member"] = await factory.CreateUserClient("member"),
        };
        var projectId = (await admin.Create("/api/projects", """{"name":"P"}""")).Id();
        await admin.Create($"/api/projects/{projectId}/members", $$"""{"userId":"{{users["guest"].Item1}}"}""");
        await admin.Create($"/api/projects/{projectId}/members", $$"""{"userId":"{{users["member"].Item1}}"}""");
        await users["other"].Item2.Create("/api/projects", """{"name":"Other's"}""");
        var taskId = (await admin.Create($"/api/projects/{projectId}/tasks", """{"name":"T"}""")).Id();
        var userId = (await admin.Create("/api/users", $$"""{"name":"U","email":"{{HttpJson.UniqueEmail("u")}}"}""")).Id();
        var roomId = (await admin.Create("/api/rooms", $$"""{"name":"Standup","projectId":"{{projectId}}"}""")).Id();
        var milestoneId = (await admin.Create($"/api/projects/{projectId}/milestones", """{"name":"M"}""")).Id();
        var commentId = (await admin.Create($"/api/tasks/{taskId}/comments", """{"text":"First"}""")).Id();
        var sessionId = await Meetings.MeetingsApiTests.HoldCall(factory, factory.AdminToken, roomId);
        return new Setup
        {
            Admin = admin, Users = users, ProjectId = projectId, TaskId = taskId, UserId = userId, RoomId = roomId,
            MilestoneId = milestoneId, CommentId = commentId, SessionId = sessionId,
        };
    }
}

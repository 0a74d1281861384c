using System.Net;
using Conference.Server.Tests.Support;

namespace Conference.Server.Tests.Attachments;

/// <summary>The embedded default: attachment bytes under the data folder, with a small configured size limit.</summary>
public sealed class AttachmentsApiTests(AttachmentsApiTests.Server server) : IClassFixture<AttachmentsApiTests.Server>
{
    public const int Limit = 64 * 1024;

    public sealed class Server : IAsyncLifetime
    {
        public ApiFactory Factory { get; } = ApiFactory.With(new Dictionary<string, string> { ["Conference:Attachments:MaxBytes"] = Limit.ToString() });
        public Task InitializeAsync() => Task.CompletedTask;
        public Task DisposeAsync() => Factory.DisposeAsync().AsTask();
    }

    private readonly ApiFactory _factory = server.Factory;
    private readonly HttpClient _admin = server.Factory.CreateAdminClient();

    /// <summary>A project (owned by the admin) with a task, and two members.</summary>
    private async Task<(string TaskId, string ProjectId, HttpClient Alice, HttpClient Bob)> Arrange()
    {
        var projectId = (await _admin.Create("/api/projects", """{"name":"Files"}""")).Id();
        var taskId = (await _admin.Create($"/api/projects/{projectId}/tasks", """{"name":"Attach"}""")).Id();
        var (aliceId, alice) = await _factory.CreateUserClient("member");
        var (bobId, bob) = await _factory.CreateUserClient("member");
        await _admin.Create($"/api/projects/{projectId}/members", $$"""{"userId":"{{aliceId}}"}""");
        await _admin.Create($"/api/projects/{projectId}/members", $$"""{"userId":"{{bobId}}"}""");
        return (taskId, projectId, alice, bob);
    }

    [Fact]
    public async Task Deleting_a_task_removes_its_attachments_and_the_links_other_tasks_had_to_it()
    {
        var (taskId, projectId, alice, _) = await Arrange();
        var epicId = (await _admin.Create($"/api/projects/{projectId}/tasks", """{"name":"Epic","type":"epic"}""")).Id();
        var blockedId = (await _admin.Create($"/api/projects/{projectId}/tasks", $$"""{"name":"Waits","blockedBy":["{{epicId}}","{{taskId}}"]}""")).Id();
        var childId = (await _admin.Create($"/api/projects/{projectId}/tasks", $$"""{"name":"Child","parentId":"{{epicId}}"}""")).Id();
        var attachmentId = await alice.NewAttachment(epicId);
        var stored = Path.Combine(_factory.DataPath, "attachments", epicId, attachmentId);
        Assert.True(File.Exists(stored));

        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"/api/tasks/{epicId}")).StatusCode);

        Assert.False(File.Exists(stored));
        var blocked = await (await _admin.GetAsync($"/api/tasks/{blockedId}")).Json();
        Assert.Equal([taskId], blocked["blockedBy"]!.AsArray().Select(b => b!.GetValue<string>()));
        var child = await (await _admin.GetAsync($"/api/tasks/{childId}")).Json();
        Assert.Null(child["parentId"]);
        var history = await (await _admin.GetAsync($"/api/tasks/{childId}/history")).Json();
        Assert.Contains(history["items"]!.AsArray(), e => e!["field"]?.GetValue<string>() == "parentId");
    }

    [Fact]
    public async Task Uploaded_files_are_listed_downloaded_byte_identical_and_deleted()
    {
        var (taskId, _, alice, _) = await Arrange();
        var bytes = AttachmentUploads.Png(40_000);

        var created = await alice.Upload(taskId, bytes, "diagram.png", "image/png");
        var attachment = await created.Json();
        var url = created.Headers.Location!.OriginalString;
        var list = await (await alice.GetAsync($"/api/tasks/{taskId}/attachments")).Json();
        var download = await alice.GetAsync(url);
        var stored = Path.Combine(_factory.DataPath, "attachments", taskId, attachment.Id());
        var storedBefore = File.Exists(stored);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/tasks/{taskId}/attachments/{attachment.Id()}", url);
        Assert.Equal("diagram.png", attachment["fileName"]!.GetValue<string>());
        Assert.Equal("image/png", attachment["contentType"]!.GetValue<string>());
        Assert.Equal(bytes.Length, attachment["size"]!.GetValue<long>());
        Assert.Equal(AttachmentUploads.Sha256(bytes), attachment["sha256"]!.GetValue<string>());
        Assert.Equal(taskId, attachment["taskId"]!.GetValue<string>());
        Assert.Equal([attachment.Id()], list["items"]!.AsArray().Select(a => a!["id"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/png", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.True(storedBefore);

        var deleted = await alice.Delete(url);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await (await alice.GetAsync(url)).Problem(404);
        Assert.Empty((await (await alice.GetAsync($"/api/tasks/{taskId}/attachments")).Json())["items"]!.AsArray());
        Assert.False(File.Exists(stored));
    }

    public static TheoryData<string, string, string> Sniffed => new()
    {
        { "89504E470D0A1A0A0000", "image/jpeg", "image/png" },
        { "FFD8FFE000104A464946", "image/png", "image/jpeg" },
        { "474946383961010001", "image/png", "image/gif" },
        { "255044462D312E370A", "text/plain", "application/pdf" },
        { "504B0304140000000800", "application/pdf", "application/zip" },
        { "48656C6C6F2C20776F726C640A", "application/pdf", "text/plain" },
        { "3C68746D6C3E3C7363726970743E616C6572742831293C2F7363726970743E", "text/html", "text/plain" },
        { "3C73766720786D6C6E733D22687474703A2F2F7777772E77332E6F72672F323030302F737667223E", "image/svg+xml", "text/plain" },
        { "00010203FEFF8081", "image/png", "application/octet-stream" },
    };

    [Theory]
    [MemberData(nameof(Sniffed))]
    public async Task The_content_type_is_sniffed_from_the_bytes_never_taken_from_the_client(string hex, string clientType, string expected)
    {
        var (taskId, _, alice, _) = await Arrange();

        var created = await alice.Upload(taskId, Convert.FromHexString(hex), "upload.bin", clientType);
        var download = await alice.GetAsync(created.Headers.Location);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(expected, (await created.Json())["contentType"]!.GetValue<string>().Split(';')[0]);
        Assert.Equal(expected, download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Theory]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("C:\\Users\\me\\report.pdf", "report.pdf")]
    [InlineData("bad\u0001na\u007Fme\t.txt", "badname.txt")]
    [InlineData("..", "file")]
    public async Task File_names_are_sanitised(string sent, string expected)
    {
        var (taskId, _, alice, _) = await Arrange();

        var created = await alice.Upload(taskId, AttachmentUploads.Text("hello"), sent);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(expected, (await created.Json())["fileName"]!.GetValue<string>());
    }

    [Fact]
    public async Task Long_file_names_are_cut_to_200_characters()
    {
        var (taskId, _, alice, _) = await Arrange();

        var created = await alice.Upload(taskId, AttachmentUploads.Text("hello"), new string('a', 300) + ".txt");

        Assert.Equal(new string('a', 200), (await created.Json())["fileName"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_file_over_the_configured_limit_is_refused_with_413_and_nothing_is_kept()
    {
        var (taskId, _, alice, _) = await Arrange();

        var atLimit = await alice.Upload(taskId, AttachmentUploads.Png(Limit), "max.png");
        var overLimit = await alice.Upload(taskId, AttachmentUploads.Png(Limit + 1), "big.png");

        Assert.Equal(HttpStatusCode.Created, atLimit.StatusCode);
        await overLimit.Problem(413);
        Assert.Single((await (await alice.GetAsync($"/api/tasks/{taskId}/attachments")).Json())["items"]!.AsArray());
        Assert.Single(Directory.GetFiles(Path.Combine(_factory.DataPath, "attachments", taskId)));
    }

    [Fact]
    public async Task A_missing_or_empty_file_answers_400_naming_file_and_a_non_multipart_body_415()
    {
        var (taskId, _, alice, _) = await Arrange();
        var url = $"/api/tasks/{taskId}/attachments";

        var noFile = await alice.PostAsync(url, new MultipartFormDataContent { { new StringContent("x"), "note" } });
        var empty = await alice.Upload(taskId, [], "empty.txt");
        var json = await alice.PostJson(url, """{"file":"x"}""");

        Assert.Equal(["file"], (await noFile.Problem(400)).ErrorFields());
        Assert.Equal(["file"], (await empty.Problem(400)).ErrorFields());
        await json.Problem(415);
    }

    [Fact]
    public async Task Guests_read_members_upload_uploaders_owners_and_admins_delete_and_outsiders_see_nothing()
    {
        var (taskId, projectId, alice, bob) = await Arrange();
        var (guestId, guest) = await _factory.CreateUserClient("guest");
        await _admin.Create($"/api/projects/{projectId}/members", $$"""{"userId":"{{guestId}}"}""");
        var (_, outsider) = await _factory.CreateUserClient("member");
        var bytes = AttachmentUploads.Text("notes");
        var first = (await alice.Upload(taskId, bytes, "a.txt")).Headers.Location!.OriginalString;
        var second = (await alice.Upload(taskId, bytes, "b.txt")).Headers.Location!.OriginalString;

        await (await guest.Upload(taskId, bytes, "g.txt")).Problem(403);
        Assert.Equal(HttpStatusCode.OK, (await guest.GetAsync($"/api/tasks/{taskId}/attachments")).StatusCode);
        Assert.Equal(bytes, await guest.GetByteArrayAsync(first));
        await (await guest.Delete(first)).Problem(403);
        await (await outsider.Upload(taskId, bytes, "o.txt")).Problem(404);
        await (await outsider.GetAsync($"/api/tasks/{taskId}/attachments")).Problem(404);
        await (await outsider.GetAsync(first)).Problem(404);
        await (await outsider.Delete(first)).Problem(404);
        await (await bob.Delete(first)).Problem(403);
        Assert.Equal(HttpStatusCode.NoContent, (await alice.Delete(first)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _admin.Delete(second)).StatusCode);
    }

    [Fact]
    public async Task Project_owners_delete_members_attachments()
    {
        var (ownerId, owner) = await _factory.CreateUserClient("member");
        var projectId = (await owner.Create("/api/projects", """{"name":"Owned"}""")).Id();
        var taskId = (await owner.Create($"/api/projects/{projectId}/tasks", """{"name":"T"}""")).Id();
        var (memberId, member) = await _factory.CreateUserClient("member");
        await owner.Create($"/api/projects/{projectId}/members", $$"""{"userId":"{{memberId}}"}""");
        var url = (await member.Upload(taskId, AttachmentUploads.Text("x"), "x.txt")).Headers.Location!.OriginalString;

        var deleted = await owner.Delete(url);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.NotEqual(memberId, ownerId);
    }
}

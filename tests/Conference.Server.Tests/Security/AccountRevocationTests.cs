using System.Net;
using Conference.Server.Tests.Support;

namespace Conference.Server.Tests.Security;

/// <summary>
/// Authorization uses the account as it is now (issue 12, items 1 and 4): a demotion, a deletion or a password change
/// takes effect on the very next request, whatever the still-unexpired access token says.
/// </summary>
[Trait("Category", "Security")]
public sealed class AccountRevocationTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _admin = factory.CreateAdminClient();

    private static string NewUser(string role) =>
        $$"""{"name":"N","email":"{{HttpJson.UniqueEmail("n")}}","role":"{{role}}","password":"{{ApiFactory.Password}}"}""";

    [Fact]
    public async Task A_demoted_admin_loses_admin_powers_on_the_next_request()
    {
        var (id, client) = await factory.CreateUserClient("admin");
        var user = await (await _admin.GetAsync($"/api/users/{id}")).Json();
        Assert.Equal(HttpStatusCode.Created, (await client.PostJson("/api/users", NewUser("admin"))).StatusCode);

        var demoted = await _admin.PutJson($"/api/users/{id}", $$"""{"name":"N","email":"{{user["email"]}}","role":"member"}""");
        var after = await client.PostJson("/api/users", NewUser("admin"));

        Assert.Equal(HttpStatusCode.OK, demoted.StatusCode);
        await after.Problem(403);
        Assert.Equal("member", (await (await client.GetAsync("/api/me")).Json())["user"]!["role"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_deleted_account_can_no_longer_read_or_create()
    {
        var (id, client) = await factory.CreateUserClient("member");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/projects")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await _admin.Delete($"/api/users/{id}")).StatusCode);

        await (await client.GetAsync("/api/projects")).Problem(401);
        await (await client.PostJson("/api/projects", """{"name":"Orphan"}""")).Problem(401);
    }

    [Fact]
    public async Task A_password_change_ends_the_tokens_issued_before_it()
    {
        var (id, client) = await factory.CreateUserClient("member");
        var user = await (await _admin.GetAsync($"/api/users/{id}")).Json();

        var changed = await client.PutJson($"/api/users/{id}", $$"""{"name":"N","email":"{{user["email"]}}","password":"another long passphrase"}""");
        var after = await client.GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        await after.Problem(401);
    }

    [Fact]
    public async Task The_data_folder_and_everything_in_it_is_owner_only()
    {
        if (OperatingSystem.IsWindows()) return;
        var projectId = (await _admin.Create("/api/projects", """{"name":"Private"}""")).Id();
        var taskId = (await _admin.Create($"/api/projects/{projectId}/tasks", """{"name":"T"}""")).Id();
        await _admin.PostAsync($"/api/tasks/{taskId}/attachments", Attachments.AttachmentUploads.Form("secret"));

        var open = new DirectoryInfo(factory.DataPath).EnumerateFileSystemInfos("*", SearchOption.AllDirectories)
            .Prepend(new DirectoryInfo(factory.DataPath))
            .Where(entry => (entry.UnixFileMode & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute)) != 0)
            .Select(entry => $"{entry.FullName} {entry.UnixFileMode}").ToList();

        Assert.True(Directory.EnumerateFiles(factory.DataPath, "*", SearchOption.AllDirectories).Count() > 3);
        Assert.Contains(Directory.EnumerateDirectories(factory.DataPath), d => d.EndsWith("attachments"));
        Assert.True(open.Count == 0, string.Join("\n", open));
    }
}

namespace Conference.EndToEnd.Tests.Meetings;

/// <summary>
/// The accounts the meeting tests use on a server: the admin (the first account registered), a project, and
/// participant accounts who are members of it. Each test makes its own room in that project.
/// </summary>
public sealed class MeetingAccounts
{
    private static readonly string[] Names = ["Ada", "Grace", "Linus", "Barbara"];
    private readonly ConferenceServer _server;
    private readonly string _projectId;

    private MeetingAccounts(ConferenceServer server, ServerUser admin, string projectId, IReadOnlyList<ServerUser> users)
    {
        _server = server;
        Admin = admin;
        _projectId = projectId;
        Users = users;
    }

    public ServerUser Admin { get; }
    public IReadOnlyList<ServerUser> Users { get; }

    public static async Task<MeetingAccounts> CreateAsync(ConferenceServer server)
    {
        var admin = await server.CreateUserAsync("Admin");
        string projectId = (await server.PostAsync(admin, "/api/projects", new { name = "Meetings" })).GetProperty("id").GetString()!;
        var users = new List<ServerUser>();
        foreach (string name in Names)
        {
            var user = await server.CreateUserAsync(name);
            await server.PostAsync(admin, $"/api/projects/{projectId}/members", new { userId = user.Id });
            users.Add(user);
        }
        return new MeetingAccounts(server, admin, projectId, users);
    }

    /// <summary>Makes <paramref name="user"/> a member of the participants' project (it may then join its rooms).</summary>
    public Task AddMemberAsync(ServerUser user) =>
        _server.PostAsync(Admin, $"/api/projects/{_projectId}/members", new { userId = user.Id });

    /// <summary>A new room in the participants' project.</summary>
    public async Task<string> CreateRoomAsync(string name) =>
        (await _server.PostAsync(Admin, "/api/rooms", new { name, projectId = _projectId })).GetProperty("id").GetString()!;
}

namespace Conference.Server.Auth;

public sealed record RegisterInput(string? Name, string? Email, string? Password);

public sealed record LoginInput(string? Email, string? Password);

public sealed record RefreshInput(string? RefreshToken);

public sealed record MeResponse(Conference.Users.User User, IReadOnlyList<Membership> Projects);

public sealed record Membership(string ProjectId, string Name, Conference.Projects.ProjectRole Role);

using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Conference.Server.Tests.Support;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Conference.Server.Tests.Security;

[Trait("Category", "Security")]
public sealed class AuthenticationTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _anonymous = factory.CreateClient();

    [Fact]
    public async Task The_first_account_is_admin_and_later_ones_are_members()
    {
        var admin = factory.CreateAdminClient();
        await admin.GetAsync("/api/me"); // makes sure the admin registered first

        var later = await _anonymous.PostJson("/api/auth/register", $$"""{"name":"Late","email":"{{HttpJson.UniqueEmail("late")}}","password":"{{ApiFactory.Password}}"}""");
        var me = await (await admin.GetAsync("/api/me")).Json();

        Assert.Equal(HttpStatusCode.Created, later.StatusCode);
        Assert.Equal("member", (await later.Json())["role"]!.GetValue<string>());
        Assert.Equal("admin", me["user"]!["role"]!.GetValue<string>());
        Assert.DoesNotContain("password", (await later.Content.ReadAsStringAsync()).ToLowerInvariant());
    }

    [Theory]
    [InlineData("short")]
    [InlineData("1234567890")]
    [InlineData("Password123")]
    public async Task Weak_passwords_are_refused(string password)
    {
        var response = await _anonymous.PostJson("/api/auth/register", $$"""{"name":"W","email":"{{HttpJson.UniqueEmail("weak")}}","password":"{{password}}"}""");

        Assert.Equal(["password"], (await response.Problem(400)).ErrorFields());
    }

    [Fact]
    public async Task Login_refresh_rotation_reuse_and_logout()
    {
        var (_, _) = await factory.CreateUserClient("member");
        var email = HttpJson.UniqueEmail("rot");
        await factory.CreateAdminClient().Create("/api/users", $$"""{"name":"R","email":"{{email}}","password":"{{ApiFactory.Password}}"}""");

        var login = await (await _anonymous.PostJson("/api/auth/login", $$"""{"email":"{{email.ToUpperInvariant()}}","password":"{{ApiFactory.Password}}"}""")).Json();
        var first = login["refreshToken"]!.GetValue<string>();
        var rotated = await _anonymous.PostJson("/api/auth/refresh", $$"""{"refreshToken":"{{first}}"}""");
        var second = (await rotated.Json())["refreshToken"]!.GetValue<string>();
        var reuse = await _anonymous.PostJson("/api/auth/refresh", $$"""{"refreshToken":"{{first}}"}""");
        var afterReuse = await _anonymous.PostJson("/api/auth/refresh", $$"""{"refreshToken":"{{second}}"}""");

        Assert.Equal(900, login["expiresIn"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        Assert.NotEqual(first, second);
        await reuse.Problem(401);
        await afterReuse.Problem(401); // reuse of an old token revoked the whole family

        var fresh = (await (await _anonymous.PostJson("/api/auth/login", $$"""{"email":"{{email}}","password":"{{ApiFactory.Password}}"}""")).Json())["refreshToken"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.NoContent, (await _anonymous.PostJson("/api/auth/logout", $$"""{"refreshToken":"{{fresh}}"}""")).StatusCode);
        await (await _anonymous.PostJson("/api/auth/refresh", $$"""{"refreshToken":"{{fresh}}"}""")).Problem(401);
    }

    [Fact]
    public async Task Wrong_password_and_unknown_account_both_answer_401_through_the_same_hashing()
    {
        var email = HttpJson.UniqueEmail("known");
        await factory.CreateAdminClient().Create("/api/users", $$"""{"name":"K","email":"{{email}}","password":"{{ApiFactory.Password}}"}""");

        var wrong = await _anonymous.PostJson("/api/auth/login", $$"""{"email":"{{email}}","password":"wrong-password-123"}""");
        var unknown = await _anonymous.PostJson("/api/auth/login", $$"""{"email":"{{HttpJson.UniqueEmail("nobody")}}","password":"wrong-password-123"}""");

        Assert.Equal((await wrong.Problem(401))["detail"]!.GetValue<string>(), (await unknown.Problem(401))["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_eleventh_bad_login_for_an_account_within_a_minute_is_429()
    {
        var email = HttpJson.UniqueEmail("brute");
        await factory.CreateAdminClient().Create("/api/users", $$"""{"name":"B","email":"{{email}}","password":"{{ApiFactory.Password}}"}""");

        for (var i = 0; i < 10; i++)
            await (await _anonymous.PostJson("/api/auth/login", $$"""{"email":"{{email}}","password":"guess-number-{{i}}"}""")).Problem(401);
        var eleventh = await _anonymous.PostJson("/api/auth/login", $$"""{"email":"{{email}}","password":"{{ApiFactory.Password}}"}""");

        await eleventh.Problem(429);
        Assert.NotNull(eleventh.Headers.RetryAfter);
    }

    [Fact]
    public async Task Tampered_expired_and_foreign_tokens_are_401()
    {
        var admin = factory.CreateAdminClient();
        await admin.GetAsync("/api/me");
        var email = HttpJson.UniqueEmail("tok");
        await admin.Create("/api/users", $$"""{"name":"T","email":"{{email}}","password":"{{ApiFactory.Password}}"}""");
        var token = (await (await _anonymous.PostJson("/api/auth/login", $$"""{"email":"{{email}}","password":"{{ApiFactory.Password}}"}""")).Json())["accessToken"]!.GetValue<string>();
        var parts = token.Split('.');
        var payload = Base64UrlEncoder.Decode(parts[1]).Replace("\"member\"", "\"admin\"");
        var tampered = $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";
        var foreign = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "conference", Audience = "conference", Expires = DateTime.UtcNow.AddMinutes(5),
            Claims = new Dictionary<string, object> { ["sub"] = "someone", ["role"] = "admin" },
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(new byte[32]), SecurityAlgorithms.HmacSha256),
        });
        var signingKey = new SymmetricSecurityKey(Convert.FromBase64String(await File.ReadAllTextAsync(Path.Combine(factory.DataPath, "auth", "jwt-signing.key"))));
        var expired = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "conference", Audience = "conference", NotBefore = DateTime.UtcNow.AddHours(-2), IssuedAt = DateTime.UtcNow.AddHours(-2),
            Expires = DateTime.UtcNow.AddHours(-1),
            Claims = new Dictionary<string, object> { ["sub"] = "someone", ["role"] = "admin" },
            SigningCredentials = new SigningCredentials(signingKey, SecurityAlgorithms.HmacSha256),
        });

        Assert.Equal(HttpStatusCode.OK, (await Get("/api/me", token)).StatusCode);
        foreach (var bad in new[] { tampered, foreign, expired, "not-a-jwt", "" })
            Assert.Equal(HttpStatusCode.Unauthorized, (await Get("/api/users", bad)).StatusCode);
    }

    [Fact]
    public async Task The_signing_key_file_is_readable_by_its_owner_only()
    {
        await factory.CreateAdminClient().GetAsync("/api/me");

        var mode = File.GetUnixFileMode(Path.Combine(factory.DataPath, "auth", "jwt-signing.key"));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
    }

    [Fact]
    public async Task Responses_carry_security_headers()
    {
        var response = await _anonymous.GetAsync("/healthz");

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }

    private Task<HttpResponseMessage> Get(string url, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (token.Length > 0) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return _anonymous.SendAsync(request);
    }
}

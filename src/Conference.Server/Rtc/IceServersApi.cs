using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Conference.Server.Auth;

namespace Conference.Server.Rtc;

/// <summary>The "Conference:Rtc" section: what clients are told about STUN and TURN.</summary>
public sealed class RtcOptions
{
    public const string Section = "Conference:Rtc";

    public string[] StunUrls { get; set; } = [];
    public string[] TurnUrls { get; set; } = [];

    /// <summary>coturn's static-auth-secret (use-auth-secret). Without it no TURN credentials are issued.</summary>
    public string? TurnSecret { get; set; }
    public TimeSpan TurnCredentialLifetime { get; set; } = TimeSpan.FromHours(6);
}

public sealed record IceServer(string[] Urls, string? Username = null, string? Credential = null);

public sealed record IceServersResponse(IReadOnlyList<IceServer> IceServers, int Ttl);

/// <summary>
/// TURN REST credentials for coturn's use-auth-secret: username "&lt;unix expiry&gt;:&lt;user id&gt;", credential
/// base64(HMAC-SHA1(secret, username)); coturn recomputes the HMAC and checks the expiry.
/// </summary>
public static class IceServersApi
{
    public static RouteGroupBuilder MapRtcApi(this RouteGroupBuilder api)
    {
        api.MapGet("/rtc/ice-servers", (HttpContext http, RtcOptions options, TimeProvider time) =>
                TypedResults.Ok(For(Caller.From(http).UserId, options, time.GetUtcNow())))
            .WithTags("Meetings").WithName("GetIceServers").Produces<IceServersResponse>();
        return api;
    }

    public static IceServersResponse For(string userId, RtcOptions options, DateTimeOffset now)
    {
        var servers = new List<IceServer>();
        if (options.StunUrls.Length > 0) servers.Add(new IceServer(options.StunUrls));
        if (options.TurnUrls.Length > 0 && options.TurnSecret is { Length: > 0 } secret)
        {
            var expiry = (now + options.TurnCredentialLifetime).ToUnixTimeSeconds();
            var username = $"{expiry.ToString(CultureInfo.InvariantCulture)}:{userId}";
            var credential = Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(username)));
            servers.Add(new IceServer(options.TurnUrls, username, credential));
        }
        return new IceServersResponse(servers, (int)options.TurnCredentialLifetime.TotalSeconds);
    }
}

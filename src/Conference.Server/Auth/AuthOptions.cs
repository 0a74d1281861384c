namespace Conference.Server.Auth;

/// <summary>The "Conference:Auth" configuration section.</summary>
public sealed class AuthOptions
{
    public const string Section = "Conference:Auth";

    /// <summary>Base64 HMAC-SHA256 key (≥ 32 bytes). The embedded default generates one in the data folder.</summary>
    public string? SigningKey { get; set; }
    public string Issuer { get; set; } = "conference";
    public string Audience { get; set; } = "conference";
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);
    public bool AllowSelfRegistration { get; set; } = true;

    /// <summary>
    /// How long a gateway trusts its cached view of an account (role, password stamp, existence) when no change was
    /// announced: changes are announced cluster-wide at once, this only bounds a missed announcement.
    /// </summary>
    public TimeSpan AccountRecheck { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>/metrics without a token (Prometheus scrapes usually run inside the cluster network).</summary>
    public bool AnonymousMetrics { get; set; } = true;

    /// <summary>Origins allowed to call the API from browsers; empty = same-origin only.</summary>
    public string[] CorsOrigins { get; set; } = [];

    /// <summary>Requests per minute per client IP on /api/auth/*.</summary>
    public int AuthRequestsPerMinutePerIp { get; set; } = 60;
}

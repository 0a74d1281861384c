using System.Globalization;
using System.Threading.RateLimiting;
using Conference.Server.Api;
using Conference.Server.Hosting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.IdentityModel.Tokens;

namespace Conference.Server.Auth;

public static class AuthHosting
{
    /// <summary>JWT bearer authentication, a deny-by-default authorization policy, per-IP limits on /api/auth, CORS.</summary>
    public static WebApplicationBuilder AddConferenceAuth(this WebApplicationBuilder builder)
    {
        var auth = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        builder.Services.AddSingleton(auth);
        builder.Services.AddSingleton(sp => new TokenService(auth,
            SigningKeys.Load(auth, sp.GetRequiredService<ConferenceOptions>()),
            sp.GetRequiredService<IGrainFactory>(), sp.GetRequiredService<TimeProvider>()));

        builder.Services.AddSingleton<AccountStandings>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AccountStandings>());
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<TokenService, TimeProvider>((jwt, tokens, time) =>
            {
                jwt.MapInboundClaims = false;
                jwt.Events ??= new JwtBearerEvents();
                jwt.Events.OnTokenValidated = AccountCheck.Validate;
                jwt.TokenHandlers.Clear();
                jwt.TokenHandlers.Add(new CachingTokenHandler(time) { MapInboundClaims = false });
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = auth.Issuer,
                    ValidAudience = auth.Audience,
                    IssuerSigningKey = tokens.Key,
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    ClockSkew = TimeSpan.FromSeconds(30),
                    NameClaimType = Caller.SubjectClaim,
                    RoleClaimType = Caller.RoleClaim,
                };
            });
        // Everything needs a token unless an endpoint says AllowAnonymous (auth, health, optionally metrics).
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());

        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(AuthApi.RateLimitPolicy, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = auth.AuthRequestsPerMinutePerIp, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var response = context.HttpContext.Response;
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                    response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                await Problems.Status(StatusCodes.Status429TooManyRequests, "Too many requests", "Slow down and retry later.")
                    .ExecuteAsync(context.HttpContext);
            };
        });

        builder.Services.AddCors(cors => cors.AddDefaultPolicy(policy =>
        {
            if (auth.CorsOrigins.Length > 0)
                policy.WithOrigins(auth.CorsOrigins).AllowAnyHeader().AllowAnyMethod().WithExposedHeaders("ETag", "Location", "Retry-After");
        }));
        return builder;
    }

    public static WebApplication UseConferenceAuth(this WebApplication app)
    {
        app.Use(static (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
            return next(context);
        });
        if (!app.Environment.IsDevelopment()) app.UseHsts();
        app.UseCors();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        return app;
    }
}

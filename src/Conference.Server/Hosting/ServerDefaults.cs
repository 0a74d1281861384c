namespace Conference.Server.Hosting;

public static class ServerDefaults
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>Listens on 127.0.0.1:5080 unless --urls or ASPNETCORE_URLS says otherwise.</summary>
    public static WebApplicationBuilder UseDefaultUrl(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"]))
            builder.WebHost.UseUrls(DefaultUrl);
        return builder;
    }

    public static WebApplication UseConferenceErrors(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}
